/* The control VM's hypercalls. They read and act on other VMs, which no
 * restricted space maps: each leaves it first (asi_exit, reason "control
 * hypercall"). Their privilege rule (hcpolicy.c) was checked before; every
 * index, length and buffer here is the guest's and checked before use. The
 * VMs' own CPUs carry out what is asked (vmctl.h). */
#include "hc_control.h"
#include "hypercall.h"
#include "hvctl_abi.h"
#include "vmctl.h"
#include "vcpu.h"
#include "asi.h"
#include "kick.h"
#include "fmt.h"
#include "spinlock.h"
#include <string.h>

/* one control call at a time (the control VM may have several vCPUs) */
static struct spinlock ctl_lock;

bool hc_token_ok(const struct vm *vm, uint64_t rsi, uint64_t rdi)
{
    uint64_t t0, t1;
    memcpy(&t0, vm->ctl_token, 8);
    memcpy(&t1, vm->ctl_token + 8, 8);
    return ((t0 ^ rsi) | (t1 ^ rdi)) == 0;
}

/* Another VM, by index; the control VM itself is not a target (it powers
 * itself off as any guest does). */
static struct vm *target(struct vcpu *v, uint64_t index, int64_t *err)
{
    if (index >= nvms) {
        *err = HC_ENOENT;
        return NULL;
    }
    struct vm *t = vms[index];
    if (t == v->vm) {
        *err = HC_EINVAL;
        return NULL;
    }
    return t;
}

/* The last output of t from *cursor on (older bytes are gone: skipped);
 * the next cursor in RBX. The producer (t's exits) does not wait: a copy
 * the producer lapped is taken again. */
static int64_t cons_read(struct vcpu *v, struct vm *t, bool user)
{
    uint64_t gva = v->regs.rcx, size = v->regs.rdx, cursor = v->regs.r8;
    if (size > VM_CONLOG)
        size = VM_CONLOG;
    char buf[VM_CONLOG];
    uint64_t start, n;
    for (unsigned tries = 0;; tries++) {
        uint64_t head = __atomic_load_n(&t->conlog_head, __ATOMIC_ACQUIRE);
        uint64_t oldest = head > VM_CONLOG ? head - VM_CONLOG : 0;
        start = cursor < oldest ? oldest : cursor > head ? head : cursor;
        n = head - start < size ? head - start : size;
        for (uint64_t i = 0; i < n; i++)
            buf[i] = t->conlog[(start + i) & (VM_CONLOG - 1)];
        uint64_t now = __atomic_load_n(&t->conlog_head, __ATOMIC_ACQUIRE);
        if (now <= start + VM_CONLOG || tries == 3)
            break;                  /* nothing copied was overwritten meanwhile */
    }
    if (n && guest_access(v, gva, buf, (unsigned)n, true, user))
        return HC_EFAULT;
    v->regs.rbx = start + n;
    return (int64_t)n;
}

/* Into t's input queue, as far as it has room; t's home CPU feeds its UART. */
static int64_t cons_write(struct vcpu *v, struct vm *t, bool user)
{
    uint64_t gva = v->regs.rcx, len = v->regs.rdx;
    if (len > VM_CONIN)
        return HC_EINVAL;
    uint8_t buf[VM_CONIN];
    if (len && guest_access(v, gva, buf, (unsigned)len, false, user))
        return HC_EFAULT;
    uint32_t head = t->conin_head, room = VM_CONIN - (head - __atomic_load_n(&t->conin_tail, __ATOMIC_ACQUIRE));
    uint32_t n = len < room ? (uint32_t)len : room;
    if (len && !n)
        return HC_EAGAIN;
    for (uint32_t i = 0; i < n; i++)
        t->conin[(head + i) & (VM_CONIN - 1)] = buf[i];
    __atomic_store_n(&t->conin_head, head + n, __ATOMIC_RELEASE);
    vcpu_kick(&t->vcpus[0]);        /* its home CPU takes it in, even from idle */
    return n;
}

static int64_t create(struct vcpu *v, bool user, const char *by)
{
    uint64_t gva = v->regs.rbx, len = v->regs.rcx;
    char name[64];
    if (!len || len >= sizeof(name))
        return HC_EINVAL;
    if (guest_access(v, gva, name, (unsigned)len, false, user))
        return HC_EFAULT;
    int i = vmctl_find(name, len);
    if (i < 0)
        return HC_ENOENT;
    if (vms[i] == v->vm)
        return HC_EEXIST;
    int err = vmctl_start(vms[i], by);
    return err ? err : i;
}

static int64_t control(struct vcpu *v, bool user, const char *by)
{
    uint64_t nr = v->regs.rax;
    if (nr == HC_VM_CREATE)
        return create(v, user, by);
    int64_t err = 0;
    if (nr == HC_VM_INFO) {             /* the control VM itself is listed too */
        if (v->regs.rbx >= nvms)
            return HC_ENOENT;
        if (v->regs.rdx < sizeof(struct hv_vminfo))
            return HC_EINVAL;
        struct hv_vminfo info;
        vmctl_info(vms[v->regs.rbx], &info);
        if (guest_access(v, v->regs.rcx, &info, sizeof(info), true, user))
            return HC_EFAULT;
        v->regs.rbx = nvms;
        return 0;
    }
    if (nr == HC_VM_STATS) {
        if (v->regs.rbx >= nvms)
            return HC_ENOENT;
        uint64_t cycles = 0, asi = 0;
        int64_t n = vm_stats_row(vms[v->regs.rbx], v->regs.rcx, &cycles, &asi);
        if (n >= 0)
            v->regs.rbx = cycles, v->regs.rcx = asi;
        return n;
    }
    if (nr == HC_CONS_READ) {           /* its own console too: it reads what it wrote */
        if (v->regs.rbx >= nvms)
            return HC_ENOENT;
        return cons_read(v, vms[v->regs.rbx], user);
    }
    struct vm *t = target(v, v->regs.rbx, &err);
    if (!t)
        return err;
    switch (nr) {
    case HC_VM_PAUSE: return vmctl_pause(t, true, by);
    case HC_VM_UNPAUSE: return vmctl_pause(t, false, by);
    case HC_VM_DESTROY: return vmctl_destroy(t, by);
    case HC_VM_RESTART: return vmctl_restart(t, by);
    case HC_CONS_WRITE: return cons_write(v, t, user);
    default: return HC_ENOSYS;
    }
}

int64_t hc_control(struct vcpu *v, bool user)
{
    asi_exit(ASI_R_CONTROL, (uint64_t)hc_control, (uint64_t)&vms[0]);
    char by[48];
    hv_snprintf(by, sizeof(by), "by the control VM %s", v->vm->name);
    spin_lock(&ctl_lock);
    int64_t r = control(v, user, by);
    spin_unlock(&ctl_lock);
    return r;
}
