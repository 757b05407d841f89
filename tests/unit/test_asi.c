// uses: hv/asi/classify.c hv/asi/ephmap_slots.c hv/mm/pt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "asilayout.h"
#include "ephmap.h"
#include "pt.h"
#include "vmarea.h"

static const struct asi_layout L = {
    .text = { 0xffffffff80200000ull, 0xffffffff80210000ull },
    .rodata = { 0xffffffff80210000ull, 0xffffffff80218000ull },
    .shared = { 0xffffffff80220000ull, 0xffffffff80260000ull },
    .data = { 0xffffffff80218000ull, 0xffffffff80300000ull },
    .physmap = { 0xffff888000000000ull, 0xffff890000000000ull },
    .vmarea_first = VMAREA_BASE(0), .vmarea_size = 1ull << 39,
    .nvms = 2,
    .guest_ram = { { 0x400000, 0x1400000, 0 }, { 0x1400000, 0x1c00000, 1 } },
    .pcpu = { { 0x300000, 0x30a000 }, { 0x30a000, 0x314000 } },
    .hv_stack = { 0xffffffff80280000ull, 0xffffffff80284000ull },
    .stacks = { { VMAREA_BASE(0) + 0x10000, VMAREA_BASE(0) + 0x14000, 0 },
                { VMAREA_BASE(1) + 0x10000, VMAREA_BASE(1) + 0x14000, 1 } },
    .lapic = 0xfee00000,
};

static void classify(void **s)
{
    (void)s;
    assert_int_equal(asi_classify_mapping(&L, 0, 0, 0xffffffff80201000ull, 0x201000), ASI_CLS_TEXT);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, 0xffffffff80211000ull, 0x211000), ASI_CLS_RODATA);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, 0xffffffff80221000ull, 0x221000), ASI_CLS_SHARED);
    /* shared lies inside data's range: the more specific class wins */
    assert_int_equal(asi_classify_mapping(&L, 0, 0, 0xffffffff80219000ull, 0x219000), ASI_CLS_SENSITIVE_DATA);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, 0xffffffff80270000ull, 0x270000), ASI_CLS_SENSITIVE_DATA);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, 0xffff888000100000ull, 0x100000), ASI_CLS_PHYSMAP);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, VMAREA_BASE(0) + 0x3000, 0x5000000), ASI_CLS_OWN_VM);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, VMAREA_BASE(1) + 0x3000, 0x5000000), ASI_CLS_OTHER_VM);
    assert_int_equal(asi_classify_mapping(&L, 1, 0, VMAREA_BASE(1) + 0x3000, 0x5000000), ASI_CLS_OWN_VM);
    /* guest RAM through a non-ephmap address is a leak, whatever the VA */
    assert_int_equal(asi_classify_mapping(&L, 0, 0, VMAREA_BASE(0) + 0x3000, 0x500000), ASI_CLS_GUEST_MEM);
    /* ephmap windows by whose RAM they show: its own VM's only */
    assert_int_equal(asi_classify_mapping(&L, 0, 0, EPHMAP_BASE + 0x1000, 0x500000), ASI_CLS_EPHMAP);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, EPHMAP_BASE + 0x1000, 0x1500000), ASI_CLS_GUEST_MEM);
    assert_int_equal(asi_classify_mapping(&L, 1, 0, EPHMAP_BASE + 0x2000, 0x1500000), ASI_CLS_EPHMAP);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, EPHMAP_BASE + 0x1000, 0x9000000), ASI_CLS_UNKNOWN);
    /* the host xAPIC at its fixed private-slot page (SVM exits EOI there); anything else there is not */
    uint64_t lapic_va = PCPU_EPHMAP_BASE + PCPU_LAPIC_PTE * 4096ull;
    assert_int_equal(asi_classify_mapping(&L, 0, 0, lapic_va, 0xfee00000), ASI_CLS_LAPIC);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, lapic_va, 0x500000), ASI_CLS_UNKNOWN);
    assert_true(asi_class_allowed(ASI_CLS_LAPIC));
    /* the private slot shows this CPU's area, never another's */
    assert_int_equal(asi_classify_mapping(&L, 0, 0, PCPU_BASE + 0x1000, 0x301000), ASI_CLS_OWN_CPU);
    assert_int_equal(asi_classify_mapping(&L, 0, 1, PCPU_BASE + 0x1000, 0x301000), ASI_CLS_OTHER_CPU);
    assert_int_equal(asi_classify_mapping(&L, 0, 1, PCPU_BASE + 0x1000, 0x30b000), ASI_CLS_OWN_CPU);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, PCPU_BASE, ~0ull), ASI_CLS_OWN_CPU);
    assert_true(asi_class_allowed(ASI_CLS_OWN_CPU));
    assert_false(asi_class_allowed(ASI_CLS_OTHER_CPU));
    assert_int_equal(asi_classify_mapping(&L, 0, 0, 0x1000, 0x1000), ASI_CLS_UNKNOWN);
    /* stacks by owner: the boot stack lies in .bss, exit stacks in the VM areas */
    assert_int_equal(asi_classify_mapping(&L, 0, 0, 0xffffffff80281000ull, 0x281000), ASI_CLS_HV_STACK);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, VMAREA_BASE(0) + 0x11000, 0x5001000), ASI_CLS_OWN_STACK);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, VMAREA_BASE(1) + 0x11000, 0x5101000), ASI_CLS_OTHER_STACK);
    assert_int_equal(asi_classify_mapping(&L, 1, 0, VMAREA_BASE(1) + 0x13fff, 0x5103000), ASI_CLS_OWN_STACK);
    assert_int_equal(asi_classify_mapping(&L, 0, 0, VMAREA_BASE(0) + 0x14000, 0x5004000), ASI_CLS_OWN_VM);
    assert_true(asi_class_allowed(ASI_CLS_OWN_STACK));
    assert_false(asi_class_allowed(ASI_CLS_OTHER_STACK));
    assert_false(asi_class_allowed(ASI_CLS_HV_STACK));
    assert_true(asi_class_allowed(ASI_CLS_OWN_VM));
    assert_false(asi_class_allowed(ASI_CLS_PHYSMAP));
    assert_false(asi_class_allowed(ASI_CLS_OTHER_VM));
    assert_false(asi_class_allowed(ASI_CLS_UNKNOWN));
}

static void ephmap_slots(void **s)
{
    (void)s;
    uint8_t used = 0;
    assert_int_equal(ephmap_slot_get(&used, 4), 0);     /* copy source */
    assert_int_equal(ephmap_slot_get(&used, 4), 1);     /* copy destination, at the same time */
    assert_int_equal(ephmap_slot_get(&used, 4), 2);
    assert_int_equal(ephmap_slot_get(&used, 4), 3);
    assert_int_equal(ephmap_slot_get(&used, 4), -1);    /* exhausted: caller falls back to asi_exit */
    ephmap_slot_put(&used, 1);
    assert_int_equal(ephmap_slot_get(&used, 4), 1);     /* reuse */
    ephmap_slot_put(&used, 0);
    ephmap_slot_put(&used, 2);
    assert_int_equal(used, 0x0a);
    /* a global flush goes to every CPU that ran the VM but this one */
    assert_int_equal(ephmap_flush_targets(0x0b, 0), 0x0a);
    assert_int_equal(ephmap_flush_targets(0x01, 0), 0);
    assert_int_equal(ephmap_flush_targets(0x06, 3), 0x06);
}

/* Which PCIDs must forget a window: every space current while it was mapped.
 * The current one is flushed with INVLPG; ephmap_stale_pcid names the other. */
static void ephmap_pcid_bookkeeping(void **s)
{
    (void)s;
    uint8_t live[4] = { 0 };
    /* mapped and unmapped on the restricted space: INVLPG there is enough */
    live[0] = EPHMAP_LIVE_RESTRICTED;
    assert_int_equal(ephmap_stale_pcid(live[0], EPHMAP_LIVE_RESTRICTED, 7), -1);
    /* mapped on the restricted space, an asi_exit, unmapped on the full one */
    ephmap_note_switch(0x01, live, 4, EPHMAP_LIVE_FULL);
    assert_int_equal(live[0], EPHMAP_LIVE_RESTRICTED | EPHMAP_LIVE_FULL);
    assert_int_equal(ephmap_stale_pcid(live[0], EPHMAP_LIVE_FULL, 7), 7);      /* INVPCID for PCID 7 */
    /* mapped on the full space only, unmapped after asi_enter */
    live[1] = EPHMAP_LIVE_FULL;
    assert_int_equal(ephmap_stale_pcid(live[1], EPHMAP_LIVE_RESTRICTED, 3), 0); /* INVPCID for PCID 0 */
    /* a switch touches only slots that are mapped */
    live[2] = 0;
    ephmap_note_switch(0x02, live, 4, EPHMAP_LIVE_RESTRICTED);
    assert_int_equal(live[1], EPHMAP_LIVE_FULL | EPHMAP_LIVE_RESTRICTED);
    assert_int_equal(live[2], 0);
    assert_int_equal(live[3], 0);
    /* nothing live, nothing to flush */
    assert_int_equal(ephmap_stale_pcid(0, EPHMAP_LIVE_FULL, 3), -1);
}

/* Synthetic tables: a full space and a restricted one built like space.c. */
static uint64_t palloc(void *a) { (void)a; void *p = aligned_alloc(4096, 4096); memset(p, 0, 4096); return (uint64_t)(uintptr_t)p; }
static void *p2v(uint64_t pa, void *a) { (void)a; return (void *)(uintptr_t)pa; }

struct tally { uint64_t pages[ASI_NCLASSES]; unsigned own; };
static void leaf(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, void *arg)
{
    (void)flags;
    struct tally *t = arg;
    for (uint64_t o = 0; o < size; o += 4096)
        t->pages[asi_classify_mapping(&L, t->own, 0, va + o, pa + o)]++;
}

static void restricted_space_audit(void **s)
{
    (void)s;
    struct pt_ctx full = { .alloc = palloc, .p2v = p2v, .allow_2m = true };
    struct pt_ctx img = { .alloc = palloc, .p2v = p2v };
    struct pt_ctx r = { .alloc = palloc, .p2v = p2v };
    assert_int_equal(pt_init(&full), 0);
    assert_int_equal(pt_init(&img), 0);
    assert_int_equal(pt_init(&r), 0);
    /* full: everything */
    assert_int_equal(pt_map(&full, L.text[0], 0x200000, 0x100000, PTE_W), 0);
    assert_int_equal(pt_map(&full, L.physmap[0], 0, 64u << 20, PTE_W | PTE_NX), 0);
    assert_int_equal(pt_map(&full, VMAREA_BASE(0), 0x5000000, 0x4000, PTE_W), 0);
    assert_int_equal(pt_map(&full, VMAREA_BASE(1), 0x5100000, 0x2000, PTE_W), 0);
    /* image subtree: text, rodata, shared only */
    assert_int_equal(pt_map(&img, L.text[0], 0x200000, 0x10000, 0), 0);
    assert_int_equal(pt_map(&img, L.rodata[0], 0x210000, 0x8000, PTE_NX), 0);
    assert_int_equal(pt_map(&img, L.shared[0], 0x220000, 0x40000, PTE_W | PTE_NX), 0);
    pt_share_top(&r, &img, 511);
    pt_share_top(&r, &full, VMAREA_SLOT0 + 0);
    struct tally t = { .own = 0 };
    pt_walk(&r, leaf, &t);
    assert_int_equal(t.pages[ASI_CLS_TEXT], 16);
    assert_int_equal(t.pages[ASI_CLS_RODATA], 8);
    assert_int_equal(t.pages[ASI_CLS_SHARED], 64);
    assert_int_equal(t.pages[ASI_CLS_OWN_VM], 4);
    for (unsigned c = 0; c < ASI_NCLASSES; c++)
        if (!asi_class_allowed(c))
            assert_int_equal(t.pages[c], 0);
    /* pages added to the VM's area later are visible in both spaces (shared subtree) */
    assert_int_equal(pt_map(&full, VMAREA_BASE(0) + 0x4000, 0x5004000, 0x1000, PTE_W), 0);
    assert_true(pt_lookup(&r, VMAREA_BASE(0) + 0x4000, NULL, NULL, NULL));
    /* a planted leak is caught: another VM's slot, and the physmap */
    pt_share_top(&r, &full, VMAREA_SLOT0 + 1);
    pt_share_top(&r, &full, (unsigned)((L.physmap[0] >> 39) & 511));
    memset(&t, 0, sizeof(t));
    pt_walk(&r, leaf, &t);
    assert_int_equal(t.pages[ASI_CLS_OTHER_VM], 2);
    assert_true(t.pages[ASI_CLS_PHYSMAP] > 0 || t.pages[ASI_CLS_GUEST_MEM] > 0);
    assert_int_equal(t.pages[ASI_CLS_GUEST_MEM], (0x1c00000 - 0x400000) / 4096);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(classify), cmocka_unit_test(ephmap_slots), cmocka_unit_test(ephmap_pcid_bookkeeping),
        cmocka_unit_test(restricted_space_audit),
    };
    return cmocka_run_group_tests_name("asi", t, NULL, NULL);
}
