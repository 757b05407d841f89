// uses: hv/vmx/controls.c hv/vmx/caps.c hv/lib/fmt.c
/* The VMX capability corpus (tests/data/vmx-caps: real CPUs, nested L1s under
 * KVM and others, QEMU's named CPU models under KVM, Bochs; each file cites its
 * source) through the same decoding and control computation the hypervisor
 * runs after VMXON: which machines it runs on, which it refuses and with
 * what message, and the fallbacks it takes where an optional feature is
 * missing (no preemption timer, no 2 MiB EPT pages, forced CR3 exiting). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include "vmxctl.h"

#define DIR_PATH "tests/data/vmx-caps"

/* What a user would see: "runs", or the stop line's list of missing controls;
 * and for the ones that run, how they run. */
static const struct expect {
    const char *file;
    const char *missing;        /* NULL: runs */
    bool preempt, ept2m, cr3_exiting;
} expect[] = {
    { "bochs-corei7-skylake-x.txt", NULL, true, true, false },
    { "kvm-nested-3.10-on-coffeelake.txt",
      "ept vpid unrestricted-guest ack-intr-on-exit save-efer load-efer entry-load-efer", false, false, false },
    { "kvm-nested-5.10plus-on-coffeelake.txt", NULL, true, true, false },
    { "kvm-nested-5.10plus-on-ivybridge.txt", NULL, true, true, false },
    { "kvm-nested-ept0-on-coffeelake.txt", "ept unrestricted-guest", false, false, false },
    { "nested-gcp-n2-real.txt", NULL, true, false, true },      /* 4 KiB EPT pages; MOV CR3 exits */
    { "nested-vmware-real.txt", NULL, false, false, true },     /* LAPIC-timer slices */
    { "qemu-broadwell.txt", NULL, true, true, false },
    { "qemu-cascadelake-server.txt", NULL, true, true, false },
    { "qemu-conroe.txt", "ept vpid unrestricted-guest save-efer load-efer entry-load-efer", false, false, false },
    { "qemu-graniterapids.txt", NULL, true, true, false },
    { "qemu-haswell.txt", NULL, true, true, false },
    { "qemu-icelake-server.txt", NULL, true, true, false },
    { "qemu-ivybridge.txt", NULL, true, true, false },
    { "qemu-nehalem.txt", "unrestricted-guest", false, false, false },
    { "qemu-penryn.txt", "ept vpid unrestricted-guest save-efer load-efer entry-load-efer", false, false, false },
    { "qemu-sandybridge.txt", NULL, true, true, false },
    { "qemu-sapphirerapids.txt", NULL, true, true, false },
    { "qemu-sierraforest.txt", NULL, true, true, false },
    { "qemu-skylake-client.txt", NULL, true, true, false },
    { "qemu-skylake-server.txt", NULL, true, true, false },
    { "qemu-westmere.txt", NULL, true, true, false },
    { "real-coffeelake-i7-9750h.txt", NULL, true, true, false },
    { "real-core2-penryn.txt", "hlt-exiting io-bitmaps msr-bitmaps secondary-controls ept vpid unrestricted-guest "
      "save-debug-ctls host-64bit ack-intr-on-exit save-efer load-efer load-debug-ctls entry-load-efer", false, false, false },
    { "real-ivybridge-fam6-model58.txt", NULL, true, true, false },
    { "real-westmere-client-partial.txt", "ext-intr-exiting nmi-exiting hlt-exiting io-bitmaps msr-bitmaps secondary-controls "
      "ept vpid unrestricted-guest save-debug-ctls host-64bit ack-intr-on-exit save-efer load-efer", false, false, false },
};

static int load(const char *file, struct vmx_msrs *m)
{
    char path[512], line[512];
    snprintf(path, sizeof(path), "%s/%s", DIR_PATH, file);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    memset(m, 0, sizeof(*m));
    int n = 0;
    while (fgets(line, sizeof(line), f)) {
        char k[64], v[64];
        if (line[0] == '#' || sscanf(line, "%63[^=]=%63s", k, v) != 2)
            continue;
        uint64_t x = strtoull(v, NULL, 0);
#define FIELD(name) if (!strcmp(k, #name)) { m->name = x; n++; }
        FIELD(basic) FIELD(pin) FIELD(proc) FIELD(exit) FIELD(entry) FIELD(misc) FIELD(proc2) FIELD(ept_vpid)
        FIELD(true_pin) FIELD(true_proc) FIELD(true_exit) FIELD(true_entry)
        FIELD(cr0_fixed0) FIELD(cr0_fixed1) FIELD(cr4_fixed0) FIELD(cr4_fixed1)
    }
    fclose(f);
    return n;
}

static void every_set(void **s)
{
    (void)s;
    for (unsigned i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        const struct expect *e = &expect[i];
        struct vmx_msrs m;
        if (load(e->file, &m) <= 0)
            fail_msg("%s: not readable from %s/", e->file, DIR_PATH);
        struct vmx_caps c;
        vmx_decode_caps(&m, &c);
        struct vmx_ctls o;
        char miss[256];
        int n = vmx_compute_ctls(&c, &vmx_default_req, &o, miss, sizeof(miss));
        if (e->missing) {
            if (!n || strcmp(miss, e->missing))
                fail_msg("%s: want refused for '%s', got %d missing '%s'", e->file, e->missing, n, miss);
            continue;
        }
        if (n)
            fail_msg("%s: refused, missing '%s'", e->file, miss);
        bool preempt = o.word[W_PIN] & PIN_PREEMPT;
        bool ept2m = (c.ept_vpid >> 16) & 1;                    /* what ept.c's allow_2m follows */
        bool cr3 = o.word[W_PROC] & (PROC_CR3_LOAD | PROC_CR3_STORE);
        if (preempt != e->preempt || ept2m != e->ept2m || cr3 != e->cr3_exiting)
            fail_msg("%s: preemption timer %d (want %d), EPT 2M %d (%d), CR3 exiting %d (%d)", e->file,
                     preempt, e->preempt, ept2m, e->ept2m, cr3, e->cr3_exiting);
        /* what every machine that runs must give: the wanted controls, INVEPT and INVVPID */
        assert_true(o.word[W_PROC2] & PROC2_EPT);
        assert_true(o.word[W_PROC2] & PROC2_UNRESTRICTED);
        if (!c.ept_vpid)
            continue;                   /* the dump has no EPT/VPID capabilities (nested-*: partial) */
        if (!(c.ept_vpid & (1ull << 20)) || !(c.ept_vpid & (1ull << 32)) || !(c.ept_vpid >> 25 & 3) ||
            !(c.ept_vpid >> 41 & 3))
            fail_msg("%s: INVEPT/INVVPID (single or all contexts) missing: 0x%llx", e->file,
                     (unsigned long long)c.ept_vpid);
    }
}

/* Every file of the corpus is in the table above (a new one needs its expectation). */
static void corpus_complete(void **s)
{
    (void)s;
    DIR *d = opendir(DIR_PATH);
    assert_non_null(d);
    struct dirent *de;
    unsigned files = 0;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
            continue;
        files++;
        bool known = false;
        for (unsigned i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
            known |= !strcmp(expect[i].file, de->d_name);
        if (!known)
            fail_msg("%s: no expectation in test_vmxcorpus.c", de->d_name);
    }
    closedir(d);
    assert_int_equal(files, sizeof(expect) / sizeof(expect[0]));
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(every_set), cmocka_unit_test(corpus_complete) };
    return cmocka_run_group_tests_name("vmxcorpus", t, NULL, NULL);
}
