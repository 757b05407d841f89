/* Building restricted address spaces: one root per (VM, CPU), built when the
 * VM first runs on that CPU. The hypervisor-image part (text, rodata,
 * ASI-shared data) is one subtree built once and shared by every restricted
 * root; the VM-area slot is the very subtree the full space uses; the
 * private slot is that CPU's own (its struct percpu and ephmap windows).
 * Nothing else is mapped. */
#include "asi.h"
#include "asilayout.h"
#include "vm.h"
#include "mm.h"
#include "pt.h"
#include "cpu.h"
#include "percpu.h"
#include "console.h"
#include "options.h"
#include "layout.h"
#include "ephmap.h"
#include "trap.h"

extern char _stext[], _etext[], _srodata[], _erodata[], _sasi[], _easi[], _sdata[], _image_end[];

static struct pt_ctx image_pt;      /* a scratch root whose slot 511 is the shared image subtree */


bool asi_available(void)
{
    return image_pt.root != 0;
}

static void map_or_die(uint64_t va, uint64_t size, uint64_t flags, const char *what)
{
    int e = pt_map(&image_pt, va, virt_to_phys((void *)va), (size + 4095) & ~4095ull, flags);
    if (e)
        hv_stop("asi: cannot map %s in the restricted image: %s\n", what, pt_strerror(e));
}

void asi_init(void)
{
    image_pt = (struct pt_ctx){ .alloc = pt_alloc_cb, .p2v = pt_p2v_cb };
    if (pt_init(&image_pt))
        hv_stop("asi: out of memory\n");
    map_or_die((uint64_t)_stext, _etext - _stext, 0, "text");
    map_or_die((uint64_t)_srodata, _erodata - _srodata, pte_nx(), "rodata");
    map_or_die((uint64_t)_sasi, _easi - _sasi, PTE_W | pte_nx(), "ASI-shared data");
    trap_set_pf_hook(asi_handle_fault);

    /* this CPU onto its private alias, mapped in its full space too */
    unsigned cpu = this_cpu()->cpu;
    uint64_t *full = phys_to_virt(kernel_pt()->root);
    full[PCPU_SLOT] = percpu_slot_entry(cpu, pte_nx());
    percpu_go_private(cpu);

    struct percpu *pc = this_cpu();
    /* PCIDs only with INVPCID: an ephmap window must be flushable in a PCID
     * that is not the current one (hv/asi/ephmap.c) */
    bool pcid = (cpuid(1, 0).ecx & (1u << 17)) && (cpuid(7, 0).ebx & (1u << 10));
    if (pcid) {
        write_cr4(read_cr4() | CR4_PCIDE);
        asi_pcid = true;
    }
    pc->full_cr3 = kernel_pt()->root | (pcid ? 1ull << 63 : 0);   /* PCID 0, no flush */
    pr_info("asi: restricted image: text %lu KiB, rodata %lu KiB, shared data %lu KiB; %s\n",
            (unsigned long)((_etext - _stext) >> 10), (unsigned long)((_erodata - _srodata) >> 10),
            (unsigned long)((_easi - _sasi) >> 10),
            pcid ? "PCIDs on: address-space switches keep the TLB"
                 : "no PCID+INVPCID on this CPU: every switch flushes the TLB");
    if (hv_opts.asi_flush != ASI_FLUSH_NONE) {
        struct cpuid_regs l7 = cpuid(7, 0);
        bool ok = hv_opts.asi_flush == ASI_FLUSH_L1D ? l7.edx & (1u << 28)
                : hv_opts.asi_flush == ASI_FLUSH_VERW ? l7.edx & (1u << 10)
                : l7.edx & (1u << 26);
        if (!ok) {
            pr_warn("asi: asi_flush=%s: this CPU lacks it (CPUID.7.EDX); no flush on asi_enter\n",
                    asi_flush_name(hv_opts.asi_flush));
            hv_opts.asi_flush = ASI_FLUSH_NONE;
        }
    }
}

void asi_cpu_init(uint64_t full_root)
{
    if (asi_pcid)
        write_cr4(read_cr4() | CR4_PCIDE);
    this_cpu()->full_cr3 = full_root | (asi_pcid ? 1ull << 63 : 0);
}

void asi_vm_create(struct vm *vm)
{
    vm->asi_on = hv_opts.asi;       /* its roots come per CPU, when it first runs there */
}

/* VM vm's restricted root on CPU cpu, built on first use. */
uint64_t asi_vm_root(struct vm *vm, unsigned cpu)
{
    if (vm->asi_roots[cpu])
        return vm->asi_roots[cpu];
    struct pt_ctx r = { .alloc = pt_alloc_cb, .p2v = pt_p2v_cb };
    if (pt_init(&r))
        hv_stop("asi: out of memory for vm %s's restricted space on CPU %u\n", vm->name, cpu);
    pt_share_top(&r, &image_pt, 511);               /* text, rodata, ASI-shared data */
    pt_share_top(&r, kernel_pt(), vm->area.slot);   /* its own VM area */
    ((uint64_t *)phys_to_virt(r.root))[PCPU_SLOT] = percpu_slot_entry(cpu, pte_nx());  /* this CPU's only */
    vm->asi_roots[cpu] = r.root;
    return r.root;
}

uint64_t asi_host_cr3(const struct vm *vm)
{
    if (!vm->asi_on)
        return this_cpu()->full_cr3 & ~(1ull << 63);    /* this CPU's full root, PCID 0 */
    return asi_vm_root((struct vm *)vm, this_cpu()->cpu) | (asi_pcid ? vm->id + 1 : 0);
}

void asi_set(struct vm *vm, bool on)
{
    vm->asi_on = on;
    struct percpu *pc = this_cpu();
    pc->restricted_cr3 = asi_host_cr3(vm) | (asi_pcid ? 1ull << 63 : 0);
    pc->restricted_on = on;
}
