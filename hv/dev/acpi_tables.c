/* RSDP -> RSDT/XSDT -> FADT (PM block at 0x600: PM1a event/control, PM
 * timer; reset register on the i8042) + FACS + DSDT (\_S5_ and the PCI root
 * bridge \_SB.PCI0 with its resource windows) and MADT
 * (one LAPIC per vCPU, the IOAPIC, IRQ0 -> GSI2). */
#include "acpigen.h"
#include "dev.h"
#include <string.h>

static void w8(uint8_t *p, uint8_t v) { *p = v; }
static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s += *p++;
    return s;
}

static void header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
    memcpy(t, sig, 4);
    w32(t + 4, len);
    w8(t + 8, rev);
    memcpy(t + 10, "ASIHV ", 6);
    memcpy(t + 16, "ASIHVTBL", 8);
    w32(t + 24, 1);
    memcpy(t + 28, "ASIH", 4);
    w32(t + 32, 1);
}

static void seal(uint8_t *t)
{
    uint32_t len;
    memcpy(&len, t + 4, 4);
    t[9] = 0;
    t[9] = (uint8_t)(0 - sum(t, len));
}

static void gas_io(uint8_t *g, uint8_t bits, uint64_t port)
{
    w8(g, 1);           /* system I/O */
    w8(g + 1, bits);
    w8(g + 2, 0);
    w8(g + 3, bits == 8 ? 1 : bits == 16 ? 2 : 3);
    w64(g + 4, port);
}

/* AML PkgLength for a body of n bytes (the length counts its own bytes). */
static size_t pkglen(uint8_t *p, size_t n)
{
    if (n + 1 < 64) {
        p[0] = (uint8_t)(n + 1);
        return 1;
    }
    n += 2;
    p[0] = (uint8_t)(0x40 | (n & 0xf));
    p[1] = (uint8_t)(n >> 4);
    return 2;
}

/* Name (\_S5_, Package (4) { 0, 0, 0, 0 }) - matches the PM1 write we act on;
 * Device (\_SB.PCI0) { _HID PNP0A03, _UID 0, _CRS }: the root bridge Linux
 * scans bus 0 under, its windows the config ports, all other I/O ports and the
 * MMIO hole where the BARs lie. No _PRT: the devices interrupt by MSI-X. */
static size_t dsdt_aml(uint8_t *out)
{
    static const uint8_t s5[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };
    static const uint8_t crs[] = {
        0x88, 0x0d, 0x00, 0x02, 0x0c, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,          /* WordBusNumber 0-0 */
        0x47, 0x01, 0xf8, 0x0c, 0xf8, 0x0c, 0x01, 0x08,                            /* IO 0xcf8-0xcff */
        0x88, 0x0d, 0x00, 0x01, 0x0c, 0x03, 0, 0, 0x00, 0x00, 0xf7, 0x0c, 0, 0, 0xf8, 0x0c,  /* 0-0xcf7 */
        0x88, 0x0d, 0x00, 0x01, 0x0c, 0x03, 0, 0, 0x00, 0x0d, 0xff, 0xff, 0, 0, 0x00, 0xf3,  /* 0xd00-0xffff */
        0x87, 0x17, 0x00, 0x00, 0x0c, 0x01, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0xc0,   /* DWordMemory */
        0xff, 0xff, 0xbf, 0xfe, 0, 0, 0, 0, 0x00, 0x00, 0xc0, 0x3e,               /* 0xc0000000-0xfebfffff */
        0x79, 0x00,
    };
    static const uint8_t ids[] = { 0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x03,   /* EisaId PNP0A03 */
                                   0x08, '_', 'U', 'I', 'D', 0x00 };
    uint8_t body[160];
    size_t b = 0;
    static const uint8_t name[] = { '\\', 0x2e, '_', 'S', 'B', '_', 'P', 'C', 'I', '0' };
    memcpy(body + b, name, sizeof(name)), b += sizeof(name);
    memcpy(body + b, ids, sizeof(ids)), b += sizeof(ids);
    memcpy(body + b, "\x08_CRS\x11", 6), b += 6;
    uint8_t inner[3 + sizeof(crs)];
    inner[0] = 0x0a, inner[1] = sizeof(crs);                 /* BufferSize: ByteConst */
    memcpy(inner + 2, crs, sizeof(crs));
    b += pkglen(body + b, 2 + sizeof(crs));
    memcpy(body + b, inner, 2 + sizeof(crs)), b += 2 + sizeof(crs);
    size_t o = 0;
    memcpy(out, s5, sizeof(s5)), o += sizeof(s5);
    out[o++] = 0x5b, out[o++] = 0x82;                       /* DeviceOp */
    o += pkglen(out + o, b);
    memcpy(out + o, body, b);
    return o + b;
}

enum { RSDP = 0, RSDT = 0x40, XSDT = 0x80, FADT = 0x100, FACS = 0x200, DSDT = 0x240, MADT = 0x400 };

size_t acpi_build(uint8_t *buf, size_t max, uint64_t gpa, unsigned ncpus, const uint8_t *token)
{
    size_t madt_len = 44 + 8 * ncpus + 12 + 10;
    size_t hvct = (MADT + madt_len + 15) & ~(size_t)15;     /* the control token, after the MADT */
    size_t need = token ? hvct + 36 + 16 : MADT + madt_len;
    if (max < need || ncpus == 0 || ncpus > 255)
        return 0;
    memset(buf, 0, need);

    size_t dsdt_len = dsdt_aml(buf + DSDT + 36);
    header(buf + DSDT, "DSDT", (uint32_t)(36 + dsdt_len), 2);
    seal(buf + DSDT);

    memcpy(buf + FACS, "FACS", 4);
    w32(buf + FACS + 4, 64);

    uint8_t *f = buf + FADT;
    header(f, "FACP", 244, 4);
    w32(f + 36, (uint32_t)(gpa + FACS));
    w32(f + 40, (uint32_t)(gpa + DSDT));
    w16(f + 46, 9);                         /* SCI interrupt */
    w32(f + 56, PM_BASE);                   /* PM1a event block */
    w32(f + 64, PM_BASE + 4);               /* PM1a control block */
    w32(f + 76, PM_BASE + 8);               /* PM timer */
    w8(f + 88, 4);
    w8(f + 89, 2);
    w8(f + 91, 4);
    w16(f + 109, 0);                        /* IA-PC boot flags: no 8042 (Linux skips probing one; the reset port stays) */
    w32(f + 112, (1u << 0) | (1u << 4) | (1u << 5) | (1u << 10));  /* WBINVD works, no fixed power/sleep buttons, reset register */
    gas_io(f + 116, 8, 0x64);               /* reset register: i8042 command port */
    w8(f + 128, 0xfe);                      /* reset value */
    w64(f + 132, gpa + FACS);
    w64(f + 140, gpa + DSDT);
    gas_io(f + 148, 32, PM_BASE);
    gas_io(f + 172, 16, PM_BASE + 4);
    gas_io(f + 208, 32, PM_BASE + 8);
    seal(f);

    uint8_t *m = buf + MADT;
    header(m, "APIC", (uint32_t)madt_len, 3);
    w32(m + 36, (uint32_t)LAPIC_BASE);
    w32(m + 40, 1);                         /* PC-AT compatible 8259s present */
    uint8_t *e = m + 44;
    for (unsigned i = 0; i < ncpus; i++, e += 8) {
        w8(e, 0); w8(e + 1, 8); w8(e + 2, (uint8_t)i); w8(e + 3, (uint8_t)i); w32(e + 4, 1);
    }
    w8(e, 1); w8(e + 1, 12); w8(e + 2, (uint8_t)ncpus); w32(e + 4, (uint32_t)IOAPIC_BASE); w32(e + 8, 0);
    e += 12;
    w8(e, 2); w8(e + 1, 10); w8(e + 2, 0); w8(e + 3, 0); w32(e + 4, 2); w16(e + 8, 0);
    seal(m);

    /* the control VM's token: an OEM table Linux shows root alone, in
     * /sys/firmware/acpi/tables/HVCT (guest-tools/hvctl.c reads it) */
    if (token) {
        header(buf + hvct, "HVCT", 36 + 16, 1);
        memcpy(buf + hvct + 36, token, 16);
        seal(buf + hvct);
    }
    uint32_t n = token ? 3 : 2;
    header(buf + RSDT, "RSDT", 36 + 4 * n, 1);
    w32(buf + RSDT + 36, (uint32_t)(gpa + FADT));
    w32(buf + RSDT + 40, (uint32_t)(gpa + MADT));
    if (token)
        w32(buf + RSDT + 44, (uint32_t)(gpa + hvct));
    seal(buf + RSDT);
    header(buf + XSDT, "XSDT", 36 + 8 * n, 1);
    w64(buf + XSDT + 36, gpa + FADT);
    w64(buf + XSDT + 44, gpa + MADT);
    if (token)
        w64(buf + XSDT + 52, gpa + hvct);
    seal(buf + XSDT);

    uint8_t *r = buf + RSDP;
    memcpy(r, "RSD PTR ", 8);
    memcpy(r + 9, "ASIHV ", 6);
    w8(r + 15, 2);
    w32(r + 16, (uint32_t)(gpa + RSDT));
    w32(r + 20, 36);
    w64(r + 24, gpa + XSDT);
    r[8] = (uint8_t)(0 - sum(r, 20));
    r[32] = (uint8_t)(0 - sum(r, 36));
    return need;
}
