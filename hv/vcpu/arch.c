/* Which backend runs the guests: VT-x where CPUID says VMX, else AMD SVM;
 * with neither, one line says what to use instead. */
#include "vcpu_arch.h"
#include "cpuident.h"
#include "cpu.h"
#include "asi.h"
#include "mm.h"
#include "console.h"
#include <string.h>

bool arch_svm __asi_shared;     /* read by every arch_* call on the exit path */

extern const struct { uint64_t site, target; } __arch_patch_start[], __arch_patch_end[];

/* Every backend call site's NOP becomes JMP rel32 to its SVM call. Written
 * through the physmap (text is read-only), on the boot CPU before any site
 * runs and before the other CPUs start; CPUID serializes afterwards. */
static void arch_patch_svm(void)
{
    unsigned n = 0;
    for (const __typeof__(__arch_patch_start[0]) *p = __arch_patch_start; p < __arch_patch_end; p++, n++) {
        uint8_t *w = phys_to_virt(virt_to_phys((void *)p->site));
        static const uint8_t nop5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
        if (memcmp(w, nop5, 5))
            hv_stop("arch: backend call site %llx is not the NOP it should be\n", (unsigned long long)p->site);
        int32_t rel = (int32_t)(p->target - (p->site + 5));
        w[0] = 0xe9;
        memcpy(w + 1, &rel, 4);
    }
    (void)cpuid(0, 0);
    pr_info("arch: %u backend call sites switched to SVM\n", n);
}

int arch_discover(char *why, size_t len)
{
    if (cpuid(1, 0).ecx & (1u << 5))
        return vmx_discover(why, len);          /* prints the identity lines itself */
    char vendor[13];
    cpu_print_identity(vendor);
    if (svm_discover(why, len, vendor))
        return -1;
    arch_svm = true;
    arch_patch_svm();
    return 0;
}
