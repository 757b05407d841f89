/* hv_stop: a hypervisor bug or an unusable machine. Print why, power off.
 * Apart from log.c so that the logger stays a leaf below power and paging. */
#include "console.h"
#include "power.h"
#include "ipi.h"
#include "percpu.h"

void hv_stop(const char *fmt, ...)
{
    ipi_stop_others();          /* the other CPUs halt; this one says why */
    if (cpus_online != 1)
        hv_printf("hv: CPU %u stops the machine:\n", this_cpu()->cpu);
    va_list ap;
    va_start(ap, fmt);
    hv_vlog_raw("hv: ", fmt, ap);
    va_end(ap);
    machine_poweroff();
}
