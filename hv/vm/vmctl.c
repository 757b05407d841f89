/* VM operations at run time (vmctl.h). Nothing here touches a VM's vCPUs
 * or memory: flags for its CPUs, which look before their next entry. */
#include "vmctl.h"
#include "lifecycle.h"
#include "kick.h"
#include "console.h"
#include "tsc.h"
#include "cpu.h"
#include "fmt.h"
#include "hypercall.h"
#include <string.h>

enum hv_vmstate vmctl_state(const struct vm *vm)
{
    switch (vm->state) {
    case VM_OFF: return HV_VM_OFF;
    case VM_RESTART: return HV_VM_RESTARTING;
    case VM_DEAD: return vm->mem_size && !vm->ram_to_release ? HV_VM_ENDED : HV_VM_DESTROYED;
    default: return vm->paused ? HV_VM_PAUSED : HV_VM_RUNNING;
    }
}

const char *vmctl_state_name(enum hv_vmstate s)
{
    static const char *const names[] = { "running", "paused", "off", "ended", "destroyed", "restarting" };
    return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

uint64_t vmctl_uptime_ms(const struct vm *vm, uint64_t now)
{
    if (!tsc_hz || vm->state != VM_RUNNING)
        return 0;
    uint64_t paused = vm->paused_ticks + (vm->paused ? now - vm->paused_since : 0);
    return (now - vm->start_tsc - paused) / (tsc_hz / 1000);
}

void vmctl_info(const struct vm *vm, struct hv_vminfo *out)
{
    memset(out, 0, sizeof(*out));
    out->id = vm->id;
    out->state = vmctl_state(vm);
    out->vcpus = vm->nvcpus;
    out->flags = (vm->is_control ? HV_VMINFO_CONTROL : 0) | (vm->asi_on ? HV_VMINFO_ASI : 0);
    out->mem_mb = vm->mem_size >> 20;
    out->uptime_ms = vmctl_uptime_ms(vm, rdtsc());
    out->exits = vm_total_exits(vm);
    out->asi_exits = vm->asi_exits;
    for (unsigned i = 0; i < vm->nvcpus && i < HV_VMINFO_VCPUS; i++)
        out->cpu[i] = vm->vcpus[i].cpu;
    hv_snprintf(out->name, sizeof(out->name), "%s", vm->name);
    hv_snprintf(out->config, sizeof(out->config), "%s", vm->cfg.file);
}

static bool same(const char *a, const char *b, size_t len)
{
    return strlen(a) == len && !memcmp(a, b, len);
}

int vmctl_find(const char *name, size_t len)
{
    for (unsigned i = 0; i < nvms; i++)
        if (same(vms[i]->name, name, len) || same(vms[i]->cfg.file, name, len))
            return (int)i;
    return -1;
}

static void kick_all(struct vm *vm)
{
    for (unsigned j = 0; j < vm->nvcpus; j++)
        vcpu_kick(&vm->vcpus[j]);   /* running elsewhere: leave guest mode now */
}

int vmctl_pause(struct vm *vm, bool pause, const char *by)
{
    if (vm->state != VM_RUNNING || vm->paused == pause)
        return HC_EBUSY;
    uint64_t now = rdtsc();
    if (pause)
        vm->paused_since = now;
    else
        vm->paused_ticks += now - vm->paused_since;
    vm->paused = pause;
    kick_all(vm);
    hv_printf("hv: vm %s %s (%s)\n", vm->name, pause ? "paused" : "unpaused", by);
    return 0;
}

int vmctl_destroy(struct vm *vm, const char *by)
{
    if (vm->state == VM_RUNNING) {
        vm_request_stop(vm, VM_STOP_DESTROY, -1, "destroyed %s", by);
        return 0;
    }
    if ((vm->state == VM_DEAD || vm->state == VM_OFF) && vm->mem_size && !vm->ram_to_release) {
        hv_printf("hv: vm %s destroyed (%s)\n", vm->name, by);   /* ended (preserve) or never started */
        vm->ram_to_release = true;
        __atomic_store_n(&vm->state, VM_DEAD, __ATOMIC_RELEASE);
        vcpu_kick(&vm->vcpus[0]);   /* its home CPU frees the memory */
        return 0;
    }
    return HC_EBUSY;
}

int vmctl_restart(struct vm *vm, const char *by)
{
    if (vm->state != VM_RUNNING)
        return HC_EBUSY;
    vm_request_stop(vm, VM_STOP_RESTART, -1, "restarted %s", by);
    return 0;
}

int vmctl_start(struct vm *vm, const char *by)
{
    if (vm->state == VM_RUNNING || vm->state == VM_RESTART)
        return HC_EEXIST;
    hv_printf("hv: vm %s: start requested (%s)\n", vm->name, by);
    vm->start_req = true;           /* its home CPU starts it, or builds it again */
    vcpu_kick(&vm->vcpus[0]);
    return 0;
}
