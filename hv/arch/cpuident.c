/* The host CPU's identity lines at boot, whichever backend runs. */
#include "cpuident.h"
#include "cpu.h"
#include "console.h"
#include <string.h>

void cpu_print_identity(char out[13])
{
    struct cpuid_regs r = cpuid(0, 0);
    memcpy(out, &r.ebx, 4);
    memcpy(out + 4, &r.edx, 4);
    memcpy(out + 8, &r.ecx, 4);
    out[12] = 0;
    struct cpuid_regs l1 = cpuid(1, 0), l7 = r.eax >= 7 ? cpuid(7, 0) : (struct cpuid_regs){ 0 };
    struct cpuid_regs e1 = cpuid(0x80000001, 0);
    pr_info("cpu: vendor %s family %u model %u stepping %u\n", out,
            ((l1.eax >> 8) & 0xf) + ((l1.eax >> 20) & 0xff), ((l1.eax >> 4) & 0xf) | ((l1.eax >> 12) & 0xf0),
            l1.eax & 0xf);
    pr_info("cpu: pcid=%s invpcid=%s x2apic=%s tsc-deadline=%s xsave=%s nx=%s 1g-pages=%s\n",
            l1.ecx & (1u << 17) ? "yes" : "no", l7.ebx & (1u << 10) ? "yes" : "no",
            l1.ecx & (1u << 21) ? "yes" : "no", l1.ecx & (1u << 24) ? "yes" : "no",
            l1.ecx & (1u << 26) ? "yes" : "no", e1.edx & (1u << 20) ? "yes" : "no",
            e1.edx & (1u << 26) ? "yes" : "no");
}
