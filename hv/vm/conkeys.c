/* Debug keys (conkeys.h), as Xen's 'h' lists them for its console. A
 * request to stop or restart a VM is carried out by the CPU that runs it,
 * as any stop is (lifecycle.h); a paused VM's vCPUs are skipped there. */
#include "conkeys.h"
#include "kick.h"
#include "fmt.h"
#include "conswitch.h"
#include "vm.h"
#include "asi.h"
#include "virtio.h"
#include "stats.h"
#include "console.h"
#include "mm.h"
#include "tsc.h"
#include "cpu.h"
#include "lifecycle.h"
#include "vmctl.h"
#include "hypercall.h"

static void key_help(void)
{
    hv_printf("hv: keys: h this help, q VMs, e exit statistics, a ASI statistics, m memory, "
              "p N pause/unpause VM N, r N restart it, d N destroy it, s N start it (off or ended; "
              "destroyed: built again from its config), "
              "A N switch its ASI on or off (measurements); "
              "Ctrl-A three times gives the input to the next VM\n");
}

static void key_vms(void)
{
    uint64_t now = rdtsc();
    for (unsigned i = 0; i < nvms; i++) {
        const struct vm *vm = vms[i];
        uint64_t up = vmctl_uptime_ms(vm, now);
        char on[32] = "", *p = on;
        for (unsigned j = 0; j < vm->nvcpus; j++)
            p += hv_snprintf(p, sizeof(on) - (size_t)(p - on), "%s%u", j ? "," : "", vm->vcpus[j].cpu);
        hv_printf("hv: %u: vm %s: %s, %u vCPU%s on CPU%s %s, %llu MiB, up %llu.%03llu s, %llu exits, %llu asi_exits\n",
                  i, vm->name, vmctl_state_name(vmctl_state(vm)), vm->nvcpus, vm->nvcpus == 1 ? "" : "s", vm->nvcpus == 1 ? "" : "s", on,
                  (unsigned long long)(vm->mem_size >> 20), (unsigned long long)(up / 1000),
                  (unsigned long long)(up % 1000), (unsigned long long)vm_total_exits(vm),
                  (unsigned long long)vm->asi_exits);
    }
}

static void key_memory(void)
{
    hv_printf("hv: memory: %llu MiB free (%llu frames)\n", (unsigned long long)((frames.nfree * FRAME_SIZE) >> 20),
              (unsigned long long)frames.nfree);
    for (unsigned i = 0; i < nvms; i++)
        hv_printf("hv:   vm %s: %llu MiB of guest RAM, %u pages of hypervisor state\n", vms[i]->name,
                  (unsigned long long)(vms[i]->mem_size >> 20), vms[i]->area.pages);
}

/* p, r, d, s act on the VM whose number (as q lists them) comes next. */
static void act_on(char cmd, unsigned i)
{
    struct vm *vm = vms[i];
    const char *by = "from the console";
    enum hv_vmstate st = vmctl_state(vm);
    if (cmd == 'A') {
        if (vm->state != VM_RUNNING) {
            hv_printf("hv: vm %s is %s\n", vm->name, vmctl_state_name(st));
        } else if (!asi_available()) {
            hv_printf("hv: ASI is not available on this machine\n");
        } else {
            /* each vCPU's CPU applies it before its next entry (vcpu_asi_follow) */
            vm->asi_on = !vm->asi_on;
            for (unsigned j = 0; j < vm->nvcpus; j++)
                vcpu_kick(&vm->vcpus[j]);
            hv_printf("hv: vm %s: ASI %s (from the console)\n", vm->name, vm->asi_on ? "on" : "off");
        }
        return;
    }
    int err = cmd == 's' ? vmctl_start(vm, by) : cmd == 'p' ? vmctl_pause(vm, !vm->paused, by)
            : cmd == 'r' ? vmctl_restart(vm, by) : vmctl_destroy(vm, by);
    if (err == HC_EEXIST)
        hv_printf("hv: vm %s is already running\n", vm->name);
    else if (err)
        hv_printf("hv: vm %s is %s\n", vm->name, vmctl_state_name(st));
}

static char pending;                /* p, r, d, s or A waiting for its VM number */

static void key(char c)
{
    if (pending) {
        char cmd = pending;
        pending = 0;
        if (c >= '0' && c < '0' + (int)nvms)
            act_on(cmd, (unsigned)(c - '0'));
        else
            hv_printf("hv: no VM '%c' (q lists them)\n", c >= 32 && c < 127 ? c : '?');
        return;
    }
    switch (c) {
    case 'p': case 'r': case 'd': case 's': case 'A':
        pending = c;
        hv_printf("hv: %s which VM? (0-%u)\n", c == 'p' ? "pause or unpause" : c == 'r' ? "restart"
                                                 : c == 'd' ? "destroy" : c == 'A' ? "switch ASI of"
                                                 : "start", nvms ? nvms - 1 : 0);
        break;
    case 'h': key_help(); break;
    case 'q': key_vms(); break;
    case 'e':
        for (unsigned i = 0; i < nvms; i++) {
            vm_print_stats(vms[i]);
            virtio_print_stats(vms[i]);
        }
        break;
    case 'a': for (unsigned i = 0; i < nvms; i++) asi_print_exits(vms[i]); break;
    case 'm': key_memory(); break;
    case CONSWITCH_KEY: case '\r': case '\n': break;
    default: hv_printf("hv: no key '%c' (h lists them)\n", c >= 32 && c < 127 ? c : '?'); break;
    }
}

/* The VM that has the input is not running (off or ended): nothing reads
 * its UART, so Ctrl-A still has to move the input on from here. */
static bool input_vm_idle(void)
{
    if (console_input.target < 0)
        return false;
    unsigned id = console_input.ids[console_input.target];     /* target is a place in the cycle */
    for (unsigned i = 0; i < nvms; i++)
        if (vms[i]->id == id)
            return vms[i]->state == VM_OFF || vms[i]->state == VM_DEAD;
    return false;
}

bool console_keys_pending(void)
{
    return console_input.target < 0 || input_vm_idle();
}

void console_keys_poll(void)
{
    int c;
    while (console_keys_pending() && (c = serial_getc()) >= 0) {
        bool to_vm = console_input.target >= 0;     /* an idle VM's: dropped, but for Ctrl-A */
        if (conswitch_feed(&console_input, (char)c) == CS_SWITCHED)
            console_input_announce();
        else if (!to_vm)
            key((char)c);
    }
}
