/* test=asi-audit: walk every restricted root (one per VM and CPU it ran on)
 * and prove it maps nothing sensitive: no physmap, no other VM's state or
 * memory, no other CPU's private area, no hypervisor data outside the
 * ASI-shared section, no guest RAM but this VM's, in ephmap windows.
 * Prints the mapped pages by class. */
#include "asi.h"
#include "asilayout.h"
#include "vm.h"
#include "mm.h"
#include "pt.h"
#include "console.h"
#include "layout.h"
#include "fmt.h"
#include "options.h"
#include "ephmap.h"
#include "percpu.h"
#include <string.h>


struct audit_ctx {
    const struct asi_layout *L;
    unsigned own, cpu;
    uint64_t pages[ASI_NCLASSES];
    unsigned bad;
};

static void leaf(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, void *arg)
{
    struct audit_ctx *a = arg;
    (void)flags;
    for (uint64_t o = 0; o < size; o += 4096) {
        enum asi_class c = asi_classify_mapping(a->L, a->own, a->cpu, va + o, pa + o);
        a->pages[c]++;
        if (!asi_class_allowed(c) && a->bad++ < 5)
            hv_printf("hv: asi-audit: VIOLATION: %016llx -> %llx is %s\n", (unsigned long long)(va + o),
                      (unsigned long long)(pa + o), asi_class_names[c]);
    }
}

static void *p2v(uint64_t pa, void *arg)
{
    (void)arg;
    return phys_to_virt(pa);
}

static int audit_root(const struct asi_layout *L, const struct vm *vm, unsigned cpu)
{
    struct audit_ctx a = { .L = L, .own = vm->id, .cpu = cpu };
    struct pt_ctx pt = { .root = vm->asi_roots[cpu], .p2v = p2v };
    pt_walk(&pt, leaf, &a);
    hv_printf("hv: asi-audit: vm %s restricted space on CPU %u (root %llx):\n", vm->name, cpu,
              (unsigned long long)vm->asi_roots[cpu]);
    for (unsigned c = 0; c < ASI_NCLASSES; c++)
        if (a.pages[c] || !asi_class_allowed(c))
            hv_printf("hv: asi-audit:   %-28s %6llu pages%s\n", asi_class_names[c],
                      (unsigned long long)a.pages[c], asi_class_allowed(c) ? "" : "  (must be 0)");
    hv_printf("hv: asi-audit: vm %s on CPU %u: %s\n", vm->name, cpu,
              a.bad ? "FAIL: sensitive pages mapped" : "PASS: nothing sensitive mapped");
    return a.bad != 0;
}

int asi_audit(void)
{
    struct asi_layout L;
    asi_layout_get(&L);
    int failed = 0;
    for (unsigned i = 0; i < asi_vm_count(); i++)
        for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
            if (asi_vm_at(i)->asi_roots[cpu])   /* the CPUs it ran on */
                failed += audit_root(&L, asi_vm_at(i), cpu);
    return failed;
}

/* The probe: the exit handler reads a byte of another VM's RAM through the
 * physmap. With ASI on, the restricted CR3 cannot reach it: the read faults,
 * leaves the restricted space (a counted asi_exit) and is retried. */
__attribute__((noinline)) static uint8_t probe_read(volatile const uint8_t *p)
{
    return *p;
}

/* test=asi-probe-xcpu: while another CPU copies another VM's page through
 * one of its ephmap windows, this CPU (in vm's exit, on its restricted
 * space) looks at the same window address: it must lead to this CPU's own
 * window or nowhere, never to that page. The other CPU's tables are read
 * through the full space (an asi_exit, counted like the plain probe's). */
static int probe_windows(struct vm *vm)
{
    unsigned me = this_cpu()->cpu;
    uint64_t before = vm->asi_exits, root = vm->asi_roots[me];
    asi_exit(ASI_R_PAGEFAULT, (uint64_t)__builtin_return_address(0), (uint64_t)&percpu_areas[0]);
    for (unsigned long n = 0; n < 200000000ul; n++) {
        unsigned c = (unsigned)(n % MAX_CPUS);
        if (c == me || !(cpus_online >> c & 1))
            continue;
        for (unsigned s = 0; s < EPHMAP_SLOTS; s++) {
            uint64_t pte = __atomic_load_n(&percpu_areas[c].ephmap_pt[s], __ATOMIC_RELAXED);
            uint64_t hpa = pte & PTE_ADDR;
            const struct vm *owner = 0;
            for (unsigned i = 0; i < nvms; i++)
                if (vms[i] != vm && hpa - vms[i]->mem_hpa < vms[i]->mem_size)
                    owner = vms[i];
            if (!(pte & PTE_P) || !owner)
                continue;
            uint64_t va = PCPU_EPHMAP_BASE + ((uint64_t)s << 12), pa = 0;
            struct pt_ctx pt = { .root = root, .p2v = p2v };
            bool mapped = pt_lookup(&pt, va, &pa, 0, 0);
            bool leak = mapped && (pa & PTE_ADDR) == hpa;
            hv_printf("hv: asi-probe: CPU %u's ephmap window %u holds vm %s's page %llx while vm %s's exit on "
                      "CPU %u looks at the same address: its restricted space maps %s\n", c, s, owner->name,
                      (unsigned long long)hpa, vm->name, me,
                      leak ? "THAT PAGE" : mapped ? "its own CPU's window, not that page" : "nothing there");
            return leak ? -1 : (int)(vm->asi_exits - before);
        }
    }
    hv_printf("hv: asi-probe: no other CPU copied through a window while vm %s looked\n", vm->name);
    return -2;
}

int asi_probe(struct vm *vm)
{
    if (!strcmp(hv_opts.test, "asi-probe-xcpu"))
        return probe_windows(vm);
    uint64_t before = vm->asi_exits;
    uint64_t root = vm->asi_roots[this_cpu()->cpu];
    probe_read((const uint8_t *)vm->probe_va);
    /* now (after the asi_exit, if any) the page tables are readable */
    struct pt_ctx pt = { .root = root, .p2v = p2v };
    bool mapped = pt_lookup(&pt, vm->probe_va, 0, 0, 0);
    hv_printf("hv: asi-probe: vm %s read another VM's RAM at %016llx: restricted space maps it: %s; "
              "asi_exits %llu -> %llu (asi=%s)\n", vm->name, (unsigned long long)vm->probe_va,
              mapped ? "YES" : "no", (unsigned long long)before, (unsigned long long)vm->asi_exits,
              vm->asi_on ? "on" : "off");
    return (int)(vm->asi_exits - before);
}

/* test=asi-residue: after the VMs ran, search every page a VM's restricted
 * space maps (but its own state, immutable text/rodata and the windows) for
 * another VM's secret: the string "SECRET-of-<name>" its guest put through
 * hypercalls and MMIO. Finding one is a leak: that VM's exits could read it. */
struct residue_ctx {
    const struct asi_layout *L;
    const struct vm *self;
    unsigned cpu, pages, found;
    bool own_seen;
    char own[48];               /* "SECRET-of-<its name>" */
    size_t own_len;
};

static bool match_at(const uint8_t *p, size_t left, const char *needle, size_t n)
{
    return left >= n && !memcmp(p, needle, n);
}

static void residue_leaf(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, void *arg)
{
    struct residue_ctx *r = arg;
    (void)flags;
    for (uint64_t o = 0; o < size; o += 4096) {
        enum asi_class c = asi_classify_mapping(r->L, r->self->id, r->cpu, va + o, pa + o);
        const uint8_t *page = phys_to_virt(pa + o);
        if (c == ASI_CLS_OWN_VM || c == ASI_CLS_OWN_STACK) {
            /* the control: its own secret must be found where it may be */
            for (size_t b = 0; b + r->own_len <= 4096 && !r->own_seen; b++)
                r->own_seen = page[b] == 'S' && match_at(page + b, 4096 - b, r->own, r->own_len);
        }
        if (c == ASI_CLS_TEXT || c == ASI_CLS_RODATA || c == ASI_CLS_OWN_VM || c == ASI_CLS_OWN_STACK ||
            c == ASI_CLS_EPHMAP)
            continue;
        r->pages++;
        for (unsigned i = 0; i < asi_vm_count(); i++) {
            const struct vm *other = asi_vm_at(i);
            if (other == r->self)
                continue;
            char needle[48];
            size_t n = (size_t)hv_snprintf(needle, sizeof(needle), "SECRET-of-%s", other->name);
            for (size_t b = 0; b + n <= 4096; b++)
                if (page[b] == 'S' && match_at(page + b, 4096 - b, needle, n)) {
                    if (r->found++ < 5)
                        hv_printf("hv: asi-residue: VIOLATION: vm %s's restricted space maps vm %s's secret "
                                  "at %016llx (%s)\n", r->self->name, other->name,
                                  (unsigned long long)(va + o + b), asi_class_names[c]);
                    break;
                }
        }
    }
}

int asi_residue_scan(void)
{
    struct asi_layout L;
    asi_layout_get(&L);
    int failed = 0;
    for (unsigned i = 0; i < asi_vm_count(); i++) {
        const struct vm *vm = asi_vm_at(i);
        for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
            if (!vm->asi_roots[cpu])
                continue;
            struct residue_ctx r = { .L = &L, .self = vm, .cpu = cpu };
            r.own_len = (size_t)hv_snprintf(r.own, sizeof(r.own), "SECRET-of-%s", vm->name);
            struct pt_ctx pt = { .root = vm->asi_roots[cpu], .p2v = p2v };
            pt_walk(&pt, residue_leaf, &r);
            hv_printf("hv: asi-residue: vm %s: %u shared pages scanned, %s; its own secret in its own state: %s\n",
                      vm->name, r.pages,
                      r.found ? "FAIL: another VM's secret is reachable" : "PASS: no other VM's secret",
                      r.own_seen ? "seen" : "not seen");
            failed += r.found != 0;
        }
    }
    return failed;
}
