/* CPUID as a guest sees it: VMX hidden, hypervisor bit and leaves. */
#include "guest.h"
#include <string.h>

int guest_main(uint32_t magic, uint32_t info)
{
    (void)info;
    uint32_t r[4];
    check(magic == 0x2badb002, "multiboot-magic", "EAX=0x%x", magic);
    cpuid(0, 0, r);
    check(r[0] >= 1, "max-leaf", "%u", r[0]);
    cpuid(1, 0, r);
    check(!(r[2] & (1u << 5)), "vmx-hidden", "ECX=0x%x", r[2]);
    check(r[2] & (1u << 31), "hypervisor-bit", "ECX=0x%x", r[2]);
    check((r[1] >> 24) == 0, "apic-id", "%u", r[1] >> 24);
    cpuid(0x40000000, 0, r);
    char sig[13];
    memcpy(sig, &r[1], 4);
    memcpy(sig + 4, &r[2], 4);
    memcpy(sig + 8, &r[3], 4);
    sig[12] = 0;
    check(!strcmp(sig, "ASIHypervsr"), "signature", "'%s'", sig);
    check(r[0] >= 0x40000010, "hv-max-leaf", "0x%x", r[0]);
    cpuid(0x40000010, 0, r);
    check(r[0] > 1000, "tsc-khz", "%u kHz", r[0]);
    uint32_t before = 0;
    for (int i = 0; i < 1000; i++) {     /* many exits in a row stay consistent */
        cpuid(0x40000000, 0, r);
        before |= r[1] ^ 0x48495341u;    /* "ASIH" */
    }
    check(before == 0, "repeat-1000", "");
    return 0;
}
