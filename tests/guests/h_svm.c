/* A guest that tries AMD SVM itself: every SVM instruction raises #UD, the
 * CPU shows no SVM (CPUID, EFER), EFER.SVME and the SVM MSRs are refused
 * with #GP; VMMCALL is the hypercall and VMCALL (Intel's) works too. Run
 * under the SVM backend beside a healthy VM (tests/integ/cases.sh). */
#include "guest.h"

#define EXPECT(len, ...) do { last_vector = -1; fault_skip = (len); __asm__ volatile(__VA_ARGS__); fault_skip = -1; } while (0)

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    idt_setup();
    uint32_t r[4];
    cpuid(0x80000001, 0, r);
    check(!(r[2] & (1u << 2)), "cpuid-svm-hidden", "ECX=0x%x", r[2]);
    cpuid(0x8000000a, 0, r);
    check(!r[0] && !r[1] && !r[3], "cpuid-svm-leaf-empty", "%x %x %x", r[0], r[1], r[3]);
    EXPECT(3, "vmrun" :: "a"(0x200000u));
    check(last_vector == 6, "vmrun-ud", "%d", last_vector);
    EXPECT(3, "vmload" :: "a"(0x200000u));
    check(last_vector == 6, "vmload-ud", "%d", last_vector);
    EXPECT(3, "vmsave" :: "a"(0x200000u));
    check(last_vector == 6, "vmsave-ud", "%d", last_vector);
    EXPECT(3, "clgi");
    check(last_vector == 6, "clgi-ud", "%d", last_vector);
    EXPECT(3, "stgi");
    check(last_vector == 6, "stgi-ud", "%d", last_vector);
    EXPECT(3, "skinit" :: "a"(0x200000u));
    check(last_vector == 6, "skinit-ud", "%d", last_vector);
    EXPECT(3, "invlpga" :: "a"(0u), "c"(1u));
    check(last_vector == 6, "invlpga-ud", "%d", last_vector);
    uint64_t efer = rdmsr(0xc0000080);
    check(!(efer & (1u << 12)), "efer-svme-hidden", "0x%llx", (unsigned long long)efer);
    EXPECT(2, "wrmsr" :: "c"(0xc0000080u), "a"((uint32_t)efer | (1u << 12)), "d"(0u));
    check(last_vector == 13, "efer-svme-gp", "%d", last_vector);
    check(!(rdmsr(0xc0000080) & (1u << 12)), "efer-svme-still-clear", "");
    EXPECT(2, "wrmsr" :: "c"(0xc0010117u), "a"(0x100000u), "d"(0u));     /* VM_HSAVE_PA */
    check(last_vector == 13, "hsave-pa-write-gp", "%d", last_vector);
    EXPECT(2, "rdmsr" :: "c"(0xc0010114u) : "eax", "edx");                /* VM_CR */
    check(last_vector == 13, "vm-cr-read-gp", "%d", last_vector);
    long rb, v1 = hypercall(0, 0, 0, &rb, 0);
    check(v1 >= 0, "vmmcall-hypercall", "%ld", v1);
    long ret;
    __asm__ volatile("vmcall" : "=a"(ret) : "a"(0L) : "memory");
    check(ret == v1, "vmcall-also-hypercall", "%ld %ld", ret, v1);
    return 0;
}
