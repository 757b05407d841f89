/* Leaving and re-entering the restricted space. An exit handler starts on
 * the VM's restricted CR3 (HOST_CR3). Touching anything unmapped there
 * faults; if the full space maps it, that is an asi_exit: switch CR3 (PCID,
 * no flush), count it with its reason, retry. asi_enter before the next VM
 * entry switches back and flushes what the option asks for. */
#include "asi.h"
#include "asilayout.h"
#include "vm.h"
#include "mm.h"
#include "pt.h"
#include "cpu.h"
#include "percpu.h"
#include "console.h"
#include "options.h"
#include "trap.h"
#include "layout.h"
#include "ephmap.h"
#include "rsbfill.h"
#include "apic.h"

extern char _stext[], _etext[], _srodata[], _erodata[], _sasi[], _easi[], _sdata[], _image_end[];
extern char boot_stack_bottom[], boot_stack_top[];

/* Whether restricted spaces have PCIDs of their own (set by asi_init);
 * read on the exit path (ephmap flushes). */
bool asi_pcid __asi_shared;

/* The VMs that have restricted spaces (asi_vm_create), for the layout. */
static const struct vm *asi_vms[8];
static unsigned asi_nvms;

void asi_register_vm(const struct vm *vm)
{
    if (asi_nvms < 8)
        asi_vms[asi_nvms++] = vm;
}

void asi_replace_vm(const struct vm *old, const struct vm *vm)
{
    for (unsigned i = 0; i < asi_nvms; i++)
        if (asi_vms[i] == old)
            asi_vms[i] = vm;        /* the old one's area stays, but no longer as a VM */
}

unsigned asi_vm_count(void)
{
    return asi_nvms;
}

const struct vm *asi_vm_at(unsigned i)
{
    return i < asi_nvms ? asi_vms[i] : 0;
}

/* ephmap windows remember which spaces may cache them (ephmap.c). */
static void space_switched(uint8_t space)
{
    struct percpu *pc = this_cpu();
    if (pc->ephmap_used)
        ephmap_note_switch(pc->ephmap_used, pc->ephmap_live, EPHMAP_SLOTS, space);
}

static const char *const reason_names[] = {
    [ASI_R_PAGEFAULT] = "page fault", [ASI_R_SCHED] = "scheduler", [ASI_R_EPHMAP_FULL] = "ephmap full",
    [ASI_R_CONTROL] = "control hypercall",
};

/* This hypervisor's layout, for the classifier; guest RAM ranges included. */
void asi_layout_get(struct asi_layout *L)
{
    *L = (struct asi_layout){
        .text = { (uint64_t)_stext, (uint64_t)_etext },
        .rodata = { (uint64_t)_srodata, (uint64_t)_erodata },
        .shared = { (uint64_t)_sasi, (uint64_t)_easi },
        .data = { (uint64_t)_sdata, (uint64_t)_image_end },
        .physmap = { PHYSMAP_BASE, PHYSMAP_BASE + (1ull << 39) },
        .vmarea_first = VMAREA_BASE(0), .vmarea_size = 1ull << 39,
        .nvms = asi_nvms,
        .lapic = apic_mmio_phys(),
    };
    L->hv_stack[0] = (uint64_t)boot_stack_bottom;
    L->hv_stack[1] = (uint64_t)boot_stack_top;
    for (unsigned c = 0; c < MAX_CPUS; c++) {
        L->pcpu[c].lo = virt_to_phys(&percpu_areas[c]);
        L->pcpu[c].hi = L->pcpu[c].lo + sizeof(percpu_areas[c]);
    }
    for (unsigned i = 0; i < asi_nvms; i++) {
        const struct vm *vm = asi_vms[i];
        L->guest_ram[i].lo = vm->mem_hpa;
        L->guest_ram[i].hi = vm->mem_hpa + vm->mem_size;
        L->guest_ram[i].owner = vm->id;
        const struct vcpu *v = &vm->vcpus[0];
        L->stacks[i].lo = v->exit_stack_lo;
        L->stacks[i].hi = v->exit_stack_top;
        L->stacks[i].owner = vm->id;
    }
}

enum asi_class asi_classify(const struct vm *vm, uint64_t va)
{
    struct asi_layout L;
    asi_layout_get(&L);
    return asi_classify_mapping(&L, vm ? vm->id : ~0u, this_cpu()->cpu, va, ~0ull);
}

static void record(struct vm *vm, enum asi_reason r, uint64_t rip, uint64_t addr)
{
    uint64_t off;
    const char *sym = symbol_lookup(rip, &off);
    uint64_t fn = sym ? rip - off : rip;
    uint8_t cls = (uint8_t)asi_classify(vm, addr);
    spin_lock(&vm->asi_lock);       /* its vCPUs may exit on several CPUs at once */
    for (unsigned i = 0; i < vm->nasi_recs; i++) {
        struct asi_exit_rec *e = &vm->asi_recs[i];
        if (e->rip == fn && e->cls == cls && e->reason == r) {
            e->count++;
            spin_unlock(&vm->asi_lock);
            return;
        }
    }
    if (vm->nasi_recs < ASI_MAX_RECS)
        vm->asi_recs[vm->nasi_recs++] = (struct asi_exit_rec){ fn, 1, cls, (uint8_t)r };
    spin_unlock(&vm->asi_lock);
}

/* Per VM (several CPUs may add at once) and in the exiting vCPU's row. */
static void count(struct percpu *pc, struct vm *vm, enum asi_reason r, uint64_t rip, uint64_t addr)
{
    __atomic_fetch_add(&vm->asi_exits, 1, __ATOMIC_RELAXED);
    if (pc->loaded && pc->loaded->vm == vm)
        pc->loaded->stats[pc->cur_exit].asi_exits++;
    record(vm, r, rip, addr);
}

static bool on_restricted(const struct percpu *pc)
{
    return pc->cur_vm && pc->restricted_on && !pc->asi_exited &&
           (read_cr3() & PTE_ADDR) == (pc->restricted_cr3 & PTE_ADDR);
}

/* To the full space. The RSB is refilled first: exits to a restricted space
 * skip the refill (hv/vmx/entry.S), so guest-trained return predictions
 * must not outlive the restricted space. */
static void leave_restricted(struct percpu *pc)
{
    cpu_rsb_fill();
    write_cr3(pc->full_cr3);
    pc->asi_exited = true;
    if (pc->entry_work)
        *pc->entry_work = true;     /* asi_enter before the next VM entry */
    space_switched(EPHMAP_LIVE_FULL);
}

void asi_exit(enum asi_reason r, uint64_t rip, uint64_t addr)
{
    struct percpu *pc = this_cpu();
    if (!on_restricted(pc))
        return;
    leave_restricted(pc);
    struct vm *vm = pc->cur_vm;
    if (r == ASI_R_SCHED) {
        __atomic_fetch_add(&vm->vm_switches, 1, __ATOMIC_RELAXED);   /* not exit handling */
        return;
    }
    count(pc, vm, r, rip, addr);
}

bool asi_handle_fault(uint64_t rip, uint64_t addr)
{
    struct percpu *pc = this_cpu();
    if (!on_restricted(pc))
        return false;
    leave_restricted(pc);
    uint64_t pa;
    if (!pt_lookup(kernel_pt(), addr, &pa, 0, 0))
        return false;               /* mapped nowhere: a real fault, dump it */
    count(pc, pc->cur_vm, ASI_R_PAGEFAULT, rip, addr);
    return true;
}

void asi_enter_slow(void)
{
    struct percpu *pc = this_cpu();
    pc->asi_exited = false;
    if (!pc->cur_vm || !pc->restricted_on)
        return;
    switch (hv_opts.asi_flush) {
    case ASI_FLUSH_L1D: wrmsr(0x10b, 1); break;                 /* IA32_FLUSH_CMD */
    case ASI_FLUSH_IBPB: wrmsr(0x49, 1); break;                 /* IA32_PRED_CMD */
    case ASI_FLUSH_VERW: {
        uint16_t sel = 0x10;
        __asm__ volatile("verw %0" :: "m"(sel) : "cc");
        break;
    }
    default: break;
    }
    write_cr3(pc->restricted_cr3);
    space_switched(EPHMAP_LIVE_RESTRICTED);
}

void asi_print_exits(const struct vm *vm)
{
    uint64_t per1000 = vm_total_exits(vm) ? vm->asi_exits * 1000 / vm_total_exits(vm) : 0;
    hv_printf("hv: vm %s asi: %s, %llu asi_exits in %llu exits (%llu per 1000), %llu VM switches via the scheduler, "
              "%llu ephmap maps, %llu ephmap remote flushes\n",
              vm->name, vm->asi_on ? "on" : "off", (unsigned long long)vm->asi_exits,
              (unsigned long long)vm_total_exits(vm), (unsigned long long)per1000,
              (unsigned long long)vm->vm_switches, (unsigned long long)vm->ephmap_maps,
              (unsigned long long)vm->ephmap_remote_flushes);
    for (unsigned i = 0; i < vm->nasi_recs; i++) {
        const struct asi_exit_rec *e = &vm->asi_recs[i];
        uint64_t off;
        const char *sym = symbol_lookup(e->rip, &off);
        hv_printf("hv:   asi_exit x%u: %s in %s touching %s\n", e->count, reason_names[e->reason],
                  sym ? sym : "?", asi_class_names[e->cls]);
    }
}
