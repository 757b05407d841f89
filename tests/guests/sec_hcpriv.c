/* Regression (security issue, hole 2): a guest's user space must not switch
 * ASI off, nor make any kernel-only hypercall; its kernel may switch ASI
 * only where the VM's config says asi_guest_control = 1 (extra "asictl=1").
 * Neither its kernel nor its user space may make the control VM's calls
 * (list, pause, destroy, create other VMs, read their consoles). */
#include "guest.h"

#define HC_CONTROL_FIRST 0x10
#define HC_CONTROL_LAST  0x18
#define NCTL (HC_CONTROL_LAST - HC_CONTROL_FIRST + 1)

static volatile long r3[8], r3ctl[NCTL];

/* every control call, with plausible arguments (VM 0, a buffer): EACCES (-13) */
static unsigned control_refused(volatile long *out)
{
    static char buf[128];
    unsigned ok = 0;
    for (long nr = HC_CONTROL_FIRST; nr <= HC_CONTROL_LAST; nr++) {
        long rb = nr == 0x14 ? (long)"healthy" : 0, rc = nr == 0x14 ? 7 : (long)buf;
        out[nr - HC_CONTROL_FIRST] = hypercall(nr, rb, rc, 0, 0);
        ok += out[nr - HC_CONTROL_FIRST] == -13;
    }
    return ok;
}

static void from_ring3(void)
{
    static const char msg[] = "ring 3 must not print this\n";
    r3[0] = hypercall(5, 0, 0, 0, 0);                   /* HC_ASI_SET off */
    r3[1] = hypercall(1, (long)msg, sizeof(msg) - 1, 0, 0);
    r3[2] = hypercall(2, 7, 0, 0, 0);                   /* HC_SHUTDOWN */
    r3[3] = hypercall(3, 0, 0, 0, 0);                   /* HC_YIELD */
    r3[4] = hypercall(0x7f00, 0, 0, 0, 0);              /* the probe */
    r3[5] = hypercall(0, 0, 0, 0, 0);                   /* user-safe */
    r3[6] = hypercall(4, 0xffff, 0, 0, 0);              /* user-safe: hvstat */
    r3[7] = hypercall(99, 0, 0, 0, 0);
    control_refused(r3ctl);
    uint32_t cs;
    __asm__ volatile("movl %%cs, %0" : "=r"(cs));
    user_exit(cs & 3);
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    idt_setup();
    const char *a = cmdline_arg(info, "asictl");
    bool allowed = a && a[0] == '1';
    uint32_t cpl = run_user(from_ring3);
    check(cpl == 3, "ran-at-cpl3", "CPL %u", cpl);
    check(r3[0] == -1, "ring3-asi-set-eperm", "%ld", r3[0]);
    check(r3[1] == -1, "ring3-console-eperm", "%ld", r3[1]);
    check(r3[2] == -1, "ring3-shutdown-eperm", "%ld (the VM is still here)", r3[2]);
    check(r3[3] == -1, "ring3-yield-eperm", "%ld", r3[3]);
    check(r3[4] == -1, "ring3-probe-eperm", "%ld", r3[4]);
    check(r3[5] == 0, "ring3-nop-ok", "%ld", r3[5]);
    check(r3[6] > 0, "ring3-stats-ok", "%ld exits", r3[6]);
    check(r3[7] == -38, "ring3-unknown-enosys", "%ld", r3[7]);
    long off = hypercall(5, 0, 0, 0, 0);
    if (allowed) {
        check(off == 0, "ring0-asi-set-allowed", "%ld (asi_guest_control = 1)", off);
        check(hypercall(5, 1, 0, 0, 0) == 0, "ring0-asi-set-on-again", "");
    } else {
        check(off == -1, "ring0-asi-set-eperm", "%ld (no asi_guest_control)", off);
    }
    check(hypercall(5, 2, 0, 0, 0) == (allowed ? -22 : -1), "ring0-asi-set-bad-arg", "");
    check(hypercall(0x7f00, 0, 0, 0, 0) == -38, "ring0-probe-enosys", "outside test=asi-probe");
    unsigned n3 = 0;
    for (unsigned i = 0; i < NCTL; i++)
        n3 += r3ctl[i] == -13;
    check(n3 == NCTL, "ring3-control-calls-eacces", "%u of %u (first: %ld)", n3, NCTL, r3ctl[0]);
    static volatile long r0ctl[NCTL];
    unsigned n0 = control_refused(r0ctl);
    check(n0 == NCTL, "ring0-control-calls-eacces", "%u of %u (not the control VM; first: %ld)", n0, NCTL, r0ctl[0]);
    check(hypercall(0, 0, 0, 0, 0) == 0, "alive-after-control-calls", "");
    return 0;
}
