/* Debug keys (conkeys.h), as Xen's 'h' lists them for its console. */
#include "conkeys.h"
#include "conswitch.h"
#include "vm.h"
#include "stats.h"
#include "console.h"
#include "mm.h"
#include "tsc.h"
#include "cpu.h"

static const char *state_name(const struct vm *vm)
{
    return vm->state == VM_RUNNING ? "running" : vm->state == VM_RESTART ? "restarting" : "ended";
}

static void key_help(void)
{
    hv_printf("hv: keys: h this help, q VMs, e exit statistics, a ASI statistics, m memory; "
              "Ctrl-A three times gives the input to the next VM\n");
}

static void key_vms(void)
{
    uint64_t now = rdtsc();
    for (unsigned i = 0; i < nvms; i++) {
        const struct vm *vm = vms[i];
        uint64_t up = tsc_hz && vm->state == VM_RUNNING ? (now - vm->start_tsc) / (tsc_hz / 1000) : 0;
        hv_printf("hv: vm %s: %s, %u vCPU%s on CPU %u, %llu MiB, up %llu.%03llu s, %llu exits, %llu asi_exits\n",
                  vm->name, state_name(vm), vm->nvcpus, vm->nvcpus == 1 ? "" : "s", vm->cpu,
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

static void key(char c)
{
    switch (c) {
    case 'h': key_help(); break;
    case 'q': key_vms(); break;
    case 'e': for (unsigned i = 0; i < nvms; i++) vm_print_stats(vms[i]); break;
    case 'a': for (unsigned i = 0; i < nvms; i++) asi_print_exits(vms[i]); break;
    case 'm': key_memory(); break;
    case CONSWITCH_KEY: case '\r': case '\n': break;
    default: hv_printf("hv: no key '%c' (h lists them)\n", c >= 32 && c < 127 ? c : '?'); break;
    }
}

void console_keys_poll(void)
{
    int c;
    while (console_input.target < 0 && (c = serial_getc()) >= 0) {
        if (conswitch_feed(&console_input, (char)c) == CS_SWITCHED)
            console_input_announce();
        else
            key((char)c);
    }
}
