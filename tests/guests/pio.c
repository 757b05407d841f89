/* Port I/O devices: UART registers, PM timer, PCI host bridge, PIC masks,
 * fw_cfg, unclaimed ports. */
#include "guest.h"
#include <string.h>

static uint32_t pci_read(uint32_t bdf, uint32_t reg)
{
    outl(0xcf8, 0x80000000u | (bdf << 8) | reg);
    return inl(0xcfc);
}

static void fw_select(uint16_t key) { outw(0x510, key); }

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    outb(0x3f8 + 7, 0x5a);
    check(inb(0x3f8 + 7) == 0x5a, "uart-scratch", "");
    check((inb(0x3f8 + 5) & 0x60) == 0x60, "uart-lsr-empty", "");
    uint32_t a = inl(0x608) & 0xffffff;
    for (volatile int i = 0; i < 20000; i++)
        ;
    uint32_t b = inl(0x608) & 0xffffff;
    check(b != a, "pm-timer-advances", "%u -> %u", a, b);
    check(pci_read(0, 0) == 0x12378086, "pci-host-bridge", "0x%x", pci_read(0, 0));
    check(pci_read(0, 8) >> 16 == 0x0600, "pci-host-class", "0x%x", pci_read(0, 8));
    check(pci_read(3 << 3, 0) == 0xffffffff, "pci-empty-slot", "");
    outb(0x21, 0xfb);
    outb(0xa1, 0xff);
    check(inb(0x21) == 0xfb && inb(0xa1) == 0xff, "pic-masks", "");
    check(inb(0x2f8 + 5) == 0xff, "unclaimed-port-reads-ones", "0x%x", inb(0x2f8 + 5));
    check(inl(0x1234) == 0xffffffff, "unclaimed-port-32", "");
    fw_select(0);
    char sig[5] = { (char)inb(0x511), (char)inb(0x511), (char)inb(0x511), (char)inb(0x511), 0 };
    check(!strcmp(sig, "QEMU"), "fwcfg-signature", "'%s'", sig);
    fw_select(5);
    uint16_t ncpu = inb(0x511) | inb(0x511) << 8;
    check(ncpu == 1, "fwcfg-cpus", "%u", ncpu);
    fw_select(3);
    uint64_t ram = 0;
    for (int i = 0; i < 8; i++)
        ram |= (uint64_t)inb(0x511) << (8 * i);
    uint32_t mem_upper = *(uint32_t *)(info + 8);
    check(ram == ((uint64_t)mem_upper << 10) + (1 << 20), "fwcfg-ram-size", "%llu MiB",
          (unsigned long long)(ram >> 20));
    fw_select(0x14);
    uint32_t clen = inb(0x511) | inb(0x511) << 8 | inb(0x511) << 16 | (uint32_t)inb(0x511) << 24;
    char cl[64] = { 0 };
    fw_select(0x15);
    for (uint32_t i = 0; i < clen && i < sizeof(cl) - 1; i++)
        cl[i] = (char)inb(0x511);
    const char *mbcl = (const char *)*(uint32_t *)(info + 16);
    check(clen > 0 && strstr(mbcl, cl) != NULL, "fwcfg-cmdline", "'%s' in '%s'", cl, mbcl);
    return 0;
}
