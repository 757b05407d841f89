/* The MSR policy table. Pass-through MSRs are guest context the VMCS saves
 * and loads (FS/GS base, SYSENTER) or that the scheduler switches with the
 * vCPU (KERNEL_GS_BASE, STAR, LSTAR, CSTAR, SFMASK). */
#include "msrpolicy.h"
#include <string.h>

/* Searched in order: the MSRs guests write most (x2APIC EOI/TPR/ICR,
 * TSC_DEADLINE) come first. */
static const struct { uint32_t lo, hi; enum msr_class c; } table[] = {
    { 0x800, 0x8ff, MSR_EMULATED },         /* x2APIC */
    { 0x6e0, 0x6e0, MSR_EMULATED },         /* TSC_DEADLINE */
    { 0x10, 0x10, MSR_EMULATED },           /* TSC (offset) */
    { 0x17, 0x17, MSR_EMULATED },           /* PLATFORM_ID */
    { 0x1b, 0x1b, MSR_EMULATED },           /* APIC_BASE */
    { 0x8b, 0x8b, MSR_EMULATED },           /* microcode revision */
    { 0xfe, 0xfe, MSR_EMULATED },           /* MTRRcap: no variable ranges */
    { 0x174, 0x176, MSR_PASSTHROUGH },      /* SYSENTER_CS/ESP/EIP */
    { 0x1a0, 0x1a0, MSR_EMULATED },         /* MISC_ENABLE */
    { 0x277, 0x277, MSR_EMULATED },         /* PAT (VMCS) */
    { 0x2ff, 0x2ff, MSR_EMULATED },         /* MTRR default type */
    { 0xc0000080, 0xc0000080, MSR_EMULATED },   /* EFER (VMCS) */
    { 0xc0000081, 0xc0000084, MSR_PASSTHROUGH },/* STAR LSTAR CSTAR SFMASK */
    { 0xc0000100, 0xc0000103, MSR_PASSTHROUGH },/* FS/GS/KERNEL_GS base, TSC_AUX */
};

enum msr_class msr_classify(uint32_t msr)
{
    for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (msr >= table[i].lo && msr <= table[i].hi)
            return table[i].c;
    return MSR_GP;
}

static void clear(uint8_t *bm, uint32_t msr)
{
    unsigned base = msr >= 0xc0000000 ? 1024 : 0;   /* low / high read halves */
    unsigned bit = msr & 0x1fff;
    bm[base + bit / 8] &= (uint8_t)~(1u << (bit % 8));          /* read */
    bm[base + 2048 + bit / 8] &= (uint8_t)~(1u << (bit % 8));   /* write */
}

void msr_bitmap_build(uint8_t bm[4096])
{
    memset(bm, 0xff, 4096);
    for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (table[i].c == MSR_PASSTHROUGH)
            for (uint32_t m = table[i].lo; m <= table[i].hi; m++)
                clear(bm, m);
}

/* The SVM MSR permission map (8 KiB): two bits per MSR (read, write) for
 * 0-0x1fff at 0, 0xc0000000-0xc0001fff at 0x800, 0xc0010000-0xc0011fff at
 * 0x1000; every MSR outside those exits. Same policy as the VMX bitmap. */
void msrpm_build(uint8_t pm[8192])
{
    memset(pm, 0xff, 8192);
    for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        if (table[i].c != MSR_PASSTHROUGH)
            continue;
        for (uint32_t m = table[i].lo; m <= table[i].hi; m++) {
            unsigned base = m >= 0xc0010000 ? 0x1000 : m >= 0xc0000000 ? 0x800 : 0;
            unsigned bit = (m & 0x1fff) * 2;
            pm[base + bit / 8] &= (uint8_t)~(3u << (bit % 8));
        }
    }
}
