/* Keeps its CPU copying through the ephmap: each MMIO read of the IOAPIC
 * makes the hypervisor fetch the instruction's bytes from this VM's RAM
 * through one of its CPU's windows. The cross-CPU probe
 * (test=asi-probe-xcpu) catches such a window live from another CPU. */
#include "guest.h"

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    unsigned bad = 0;
    mmio_write32(0xfec00000, 1);                    /* IOREGSEL = 1 (the version register) */
    for (unsigned i = 0; i < 60000; i++)
        bad += mmio_read32(0xfec00000) != 1;
    check(bad == 0, "ioregsel-reads", "%u of 60000 wrong", bad);
    finish();
}
