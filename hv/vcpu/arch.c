/* Which backend runs the guests: VT-x where CPUID says VMX, else AMD SVM;
 * with neither, one line says what to use instead. */
#include "vcpu_arch.h"
#include "cpuident.h"
#include "cpu.h"
#include "asi.h"

bool arch_svm __asi_shared;     /* read by every arch_* call on the exit path */

int arch_discover(char *why, size_t len)
{
    if (cpuid(1, 0).ecx & (1u << 5))
        return vmx_discover(why, len);          /* prints the identity lines itself */
    char vendor[13];
    cpu_print_identity(vendor);
    if (svm_discover(why, len, vendor))
        return -1;
    arch_svm = true;
    return 0;
}
