/* Stopping the machine: ACPI S5 through the FADT's PM1 control block, then
 * the emulators' own ports, then a halt loop with interrupts off. */
#include "acpi.h"
#include "console.h"
#include "power.h"
#include "cpu.h"
#include "mm.h"
#include <string.h>

/* PM1 control ports and \_S5's sleep type from the FADT and its DSDT. */
static bool find_power(struct acpi_power *out)
{
    memset(out, 0, sizeof(*out));
    out->s5_typ_a = -1;
    const struct acpi_sdt_hdr *fadt = acpi_host_table("FACP");
    if (!fadt)
        return false;
    const uint8_t *f = (const uint8_t *)fadt;
    uint32_t v;
    if (fadt->length >= 68) {
        memcpy(&v, f + 64, 4);
        out->pm1a_cnt = v;
        memcpy(&v, f + 68, 4);
        out->pm1b_cnt = v;
    }
    memcpy(&v, f + 40, 4);
    uint64_t dsdt = v;
    if (fadt->length >= 148) {
        uint64_t x;
        memcpy(&x, f + 140, 8);
        if (x)
            dsdt = x;
    }
    const struct acpi_sdt_hdr *d = acpi_map_sdt(dsdt, "DSDT");
    if (d)
        out->s5_typ_a = acpi_s5_slp_typ((const uint8_t *)(d + 1), d->length - sizeof(*d));
    return out->pm1a_cnt != 0;
}

void machine_poweroff(void)
{
    cli();
    struct acpi_power pw;
    if (find_power(&pw)) {
        int typ = pw.s5_typ_a >= 0 ? pw.s5_typ_a : 0;
        hv_printf("hv: powering off (ACPI S5 via PM1a_CNT 0x%x, SLP_TYP %d)\n", pw.pm1a_cnt, typ);
        outw(pw.pm1a_cnt, (uint16_t)((typ << 10) | (1 << 13)));
        if (pw.pm1b_cnt)
            outw(pw.pm1b_cnt, (uint16_t)((typ << 10) | (1 << 13)));
    } else {
        hv_printf("hv: powering off (no usable ACPI FADT; using emulator ports)\n");
    }
    for (volatile int i = 0; i < 1000000; i++)
        ;
    /* Bochs: the shutdown string on port 0x8900, then its PIIX4 PM port. */
    for (const char *s = "Shutdown"; *s; s++)
        outb(0x8900, (uint8_t)*s);
    outw(0xb004, 0x2000);
    /* QEMU: PIIX4/ICH9 PM1a_CNT at 0x604, then isa-debug-exit if present. */
    outw(0x604, 0x2000);
    outb(0xf4, 0x10);
    hv_printf("hv: power-off failed; halted with interrupts off\n");
    for (;;)
        hlt();
}
