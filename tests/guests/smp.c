/* Two vCPUs: the AP started with INIT-SIPI-SIPI from a real-mode trampoline,
 * fixed IPIs both ways (physical, logical flat, all-but-self), NMIs through
 * the ICR, and messages to APIC IDs that do not exist. The AP does not
 * print (lines from two vCPUs would interleave); it reports through memory. */
#include "guest.h"

#define LAPIC 0xfee00000u
#define REG(o) (LAPIC + (o))
#define TRAMP AP_TRAMP                  /* SIPI vector 9 */

static volatile uint32_t ap_alive, ap_id, ap_cmd, ap_nmis, ap_done_cmd;

enum { CMD_NONE, CMD_IPI_BSP, CMD_EXIT };

static void icr(uint32_t dest, uint32_t lo)
{
    mmio_write32(REG(0x310), dest << 24);
    mmio_write32(REG(0x300), lo);
}

static void ap_main(void)
{
    mmio_write32(REG(0xf0), 0x1ff);
    mmio_write32(REG(0xe0), 0xffffffff);            /* flat logical model */
    mmio_write32(REG(0xd0), 2u << 24);              /* logical ID: bit 1 */
    ap_id = mmio_read32(REG(0x20)) >> 24;
    ap_alive = 1;
    for (;;) {
        __asm__ volatile("sti; hlt; cli");
        uint32_t c = ap_cmd;
        if (c == CMD_IPI_BSP) {
            ap_cmd = CMD_NONE;
            icr(0, 0x3b);                           /* fixed, physical, to APIC ID 0 */
        }
        ap_done_cmd++;
    }
}

static bool wait_for(volatile uint32_t *p, uint32_t v)
{
    for (uint64_t end = rdtsc() + 3500000000ull; rdtsc() < end;)
        if (*p >= v)
            return true;
    return false;
}

static bool wait_irq(unsigned vec, unsigned n)
{
    for (uint64_t end = rdtsc() + 3500000000ull; irq_count[vec] < n && rdtsc() < end;)
        __asm__ volatile("sti; pause; cli");
    return irq_count[vec] >= n;
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    idt_setup();
    mmio_write32(REG(0xf0), 0x1ff);
    mmio_write32(REG(0xe0), 0xffffffff);
    mmio_write32(REG(0xd0), 1u << 24);

    /* nothing answers at an APIC ID that does not exist, and nothing breaks */
    icr(7, 0x4500);                                 /* INIT */
    icr(7, 0x4600 | (TRAMP >> 12));                 /* SIPI */
    icr(7, 0x3c);                                   /* fixed */
    check(irq_count[0x3c] == 0, "absent-apic-id-ignored", "");

    ap_prepare(ap_main);
    icr(1, 0x4500);                                 /* INIT, level assert */
    icr(1, 0x8500);                                 /* INIT, level de-assert (ignored) */
    icr(1, 0x4600 | (TRAMP >> 12));                 /* SIPI */
    if (!wait_for(&ap_alive, 1))
        icr(1, 0x4600 | (TRAMP >> 12));             /* the second SIPI, as the MP spec says */
    check(wait_for(&ap_alive, 1), "ap-started-by-init-sipi", "");
    check(ap_id == 1, "ap-lapic-id", "%u", ap_id);
    icr(1, 0x4600 | 0x20);                          /* a second SIPI: the running AP ignores it */

    /* BSP -> AP: physical, then logical flat (bit 1), then all-but-self */
    icr(1, 0x3a);
    bool ok = wait_for(&ap_done_cmd, 1);
    check(ok, "ipi-physical-to-ap", "AP woke %u times", ap_done_cmd);
    icr(2, 0x3a | (1u << 11));
    ok = wait_for(&ap_done_cmd, 2);
    check(ok, "ipi-logical-flat-to-ap", "AP woke %u times", ap_done_cmd);
    icr(0, 0x3a | (3u << 18));
    ok = wait_for(&ap_done_cmd, 3);
    check(ok, "ipi-all-but-self", "AP woke %u times", ap_done_cmd);
    check(irq_count[0x3a] == 3, "ap-took-three-ipis-bsp-none", "%u on the AP (shared count)", irq_count[0x3a]);

    /* AP -> BSP */
    ap_cmd = CMD_IPI_BSP;
    icr(1, 0x3a);
    ok = wait_irq(0x3b, 1);
    check(ok, "ipi-ap-to-bsp", "%u", irq_count[0x3b]);

    /* NMI to ourselves through the ICR: taken even with interrupts off */
    icr(0, 0x0400);
    for (int i = 0; i < 1000 && nmi_count == 0; i++)
        __asm__ volatile("pause");
    check(nmi_count == 1, "nmi-via-icr", "%u taken", nmi_count);

    /* a flood of IPIs: the AP keeps up or they coalesce in its IRR; nothing breaks */
    uint32_t before = ap_done_cmd;
    for (int i = 0; i < 2000; i++)
        icr(1, 0x3d);
    ok = wait_for(&ap_done_cmd, before + 1);
    check(ok && irq_count[0x3d] >= 1 && irq_count[0x3d] <= 2000, "ipi-flood-survived", "%u taken",
          irq_count[0x3d]);

    /* an NMI flood at the AP: they coalesce while one is being handled */
    for (int i = 0; i < 500; i++)
        icr(1, 0x0400);
    for (uint64_t end = rdtsc() + 3500000000ull; nmi_count < 2 && rdtsc() < end;)
        __asm__ volatile("pause");
    unsigned n = nmi_count;
    check(n >= 2 && n <= 501, "nmi-flood-to-ap", "%u taken in all", n);

    /* INIT sends the AP back to wait for a SIPI; a new SIPI restarts it */
    ap_alive = 0;
    icr(1, 0x4500);
    icr(1, 0x4600 | (TRAMP >> 12));
    check(wait_for(&ap_alive, 1), "ap-restarted-by-init-sipi", "");
    return 0;
}
