/* The exit statistics table printed when a VM ends (tools/hvrun parses it). */
#include "stats.h"
#include "vcpu_arch.h"
#include "console.h"
#include "place.h"
#include "tsc.h"

void vm_print_stats(const struct vm *vm)
{
    uint64_t cyc = 0;
    for (unsigned i = 0; i < VM_EXIT_STATS; i++)
        cyc += vm_exit_stat(vm, i).cycles;
    hv_printf("hv: vm %s exit statistics: %llu exits, %llu handler cycles\n", vm->name,
              (unsigned long long)vm_total_exits(vm), (unsigned long long)cyc);
    hv_printf("hv:   %-20s %10s %12s %10s %10s\n", "exit reason", "count", "cycles", "cyc/exit", "asi_exits");
    for (unsigned i = 0; i < VM_EXIT_STATS; i++) {
        struct exit_stat s = vm_exit_stat(vm, i);
        if (!s.count)
            continue;
        hv_printf("hv:   %-20s %10llu %12llu %10llu %10llu\n", arch_exit_name(i),
                  (unsigned long long)s.count, (unsigned long long)s.cycles,
                  (unsigned long long)(s.cycles / s.count), (unsigned long long)s.asi_exits);
    }
    if (vm->nvcpus == 1 && !vm->vcpus[0].st_migrations)
        return;                     /* one vCPU that stayed on its CPU: the table says it all */
    for (unsigned i = 0; i < vm->nvcpus; i++) {
        const struct vcpu *v = &vm->vcpus[i];
        char cpus[64];
        cpulist_format(v->st_cpus, cpus, sizeof(cpus));
        hv_printf("hv:   vCPU %u: ran on CPU %s, %llu ms, %llu exits, %llu migrations\n", i,
                  v->st_cpus ? cpus : "none", (unsigned long long)(tsc_hz ? v->st_ticks / (tsc_hz / 1000) : 0),
                  (unsigned long long)vcpu_total_exits(v), (unsigned long long)v->st_migrations);
    }
}
