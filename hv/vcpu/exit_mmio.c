/* MMIO: an access to a guest-physical address that is not RAM. Find the
 * device on the bus, fetch and decode the faulting instruction, do the
 * access, write back the result. Anything else (no device there, an
 * instruction the decoder does not know) ends the VM. */
#include "vcpu.h"
#include "lifecycle.h"
#include "decode.h"
#include "console.h"

static uint64_t *gpr(struct vcpu *v, unsigned n)
{
    return &((uint64_t *)&v->regs)[n];
}

/* Register value as an operand of `size` bytes (AH..BH for byte regs 4-7 without REX). */
static uint64_t reg_get(struct vcpu *v, unsigned r, unsigned size, bool rex)
{
    if (size == 1 && !rex && r >= 4 && r < 8)
        return (*gpr(v, r - 4) >> 8) & 0xff;
    uint64_t x = r == 4 ? arch_get_rsp(v) : *gpr(v, r);
    return size == 8 ? x : x & ((1ull << (size * 8)) - 1);
}

static void reg_set(struct vcpu *v, unsigned r, unsigned size, bool rex, uint64_t val)
{
    if (size == 1 && !rex && r >= 4 && r < 8) {
        uint64_t *p = gpr(v, r - 4);
        *p = (*p & ~0xff00ull) | ((val & 0xff) << 8);
        return;
    }
    uint64_t old = r == 4 ? arch_get_rsp(v) : *gpr(v, r);
    uint64_t nv = size == 8 ? val : size == 4 ? (uint32_t)val
                : (old & ~((1ull << (size * 8)) - 1)) | (val & ((1ull << (size * 8)) - 1));
    if (r == 4)
        arch_set_rsp(v, nv);
    else
        *gpr(v, r) = nv;
}

/* A guest-physical address with no RAM and no device: reads return all
 * ones and writes vanish, as on a PC's bus; said once per VM. */
static void unassigned_fn(void *dev, struct vcpu *v, uint64_t gpa, unsigned size, bool write, uint64_t *val)
{
    (void)dev, (void)size;
    struct vm *vm = v->vm;
    if (!write)
        *val = ~0ull;
    if (vm->unassigned_seen)
        return;
    vm->unassigned_seen = true;
    pr_warn("vm %s: %s guest-physical 0x%llx, where there is no RAM and no device (RIP 0x%llx): reads "
            "all ones, writes are dropped; said once (unassigned_access = \"destroy\" ends the VM instead)\n",
            vm->name, write ? "write to" : "read from", (unsigned long long)gpa,
            (unsigned long long)arch_get_rip(v));
}

static const struct iobus_region unassigned = { .base = 0, .len = ~0ull, .fn = unassigned_fn, .name = "unassigned" };

enum exit_action exit_mmio(struct vcpu *v, const struct vmexit *x)
{
    struct vm *vm = v->vm;
    uint64_t gpa = x->mmio.gpa;
    uint64_t rip = arch_get_rip(v);
    const struct iobus_region *h = iobus_find(&vm->bus, IOBUS_MMIO, gpa);
    if (!h && !vm->cfg.unassigned_destroy)
        h = &unassigned;            /* as on a PC: all ones, writes dropped */
    if (!h) {
        vm_request_stop(vm, VM_STOP_CRASH, -1, "access to unmapped guest-physical address 0x%llx at RIP 0x%llx "
               "(no RAM or device there)", (unsigned long long)gpa, (unsigned long long)rip);
        return EXIT_VM_DEAD;
    }
    uint8_t insn[15];
    unsigned n = vcpu_fetch_insn(v, arch_cs_base(v) + rip, insn);
    struct mmio_insn d;
    const char *why = "instruction bytes not readable";
    if (!n || mmio_decode(insn, n, arch_code_bits(v), &d, &why)) {
        vm_request_stop(vm, VM_STOP_CRASH, -1, "cannot emulate MMIO at 0x%llx by RIP 0x%llx: %s", (unsigned long long)gpa,
               (unsigned long long)rip, why);
        return EXIT_VM_DEAD;
    }
    uint64_t val = 0;
    switch (d.op) {
    case MMIO_LOAD:
    case MMIO_LOAD_ZX:
    case MMIO_LOAD_SX:
        h->fn(h->dev, v, gpa - h->base, d.size, false, &val);
        val &= d.size == 8 ? ~0ull : (1ull << (d.size * 8)) - 1;
        if (d.op == MMIO_LOAD_SX)
            val = d.size == 1 ? (uint64_t)(int64_t)(int8_t)val : (uint64_t)(int64_t)(int16_t)val;
        reg_set(v, d.reg, d.dst_size, d.rex, val);
        break;
    case MMIO_STORE:
        val = reg_get(v, d.reg, d.size, d.rex);
        h->fn(h->dev, v, gpa - h->base, d.size, true, &val);
        break;
    case MMIO_STORE_IMM:
        val = d.imm;
        h->fn(h->dev, v, gpa - h->base, d.size, true, &val);
        break;
    case MMIO_STOS: {
        val = reg_get(v, 0, d.size, d.rex);
        h->fn(h->dev, v, gpa - h->base, d.size, true, &val);
        bool down = arch_get_rflags(v) & (1u << 10);
        v->regs.rdi += down ? -(uint64_t)d.size : d.size;
        if (d.rep && --v->regs.rcx)
            return EXIT_CONTINUE;       /* next iteration: the instruction runs again */
        break;
    }
    }
    vcpu_skip(v, d.len);
    return EXIT_CONTINUE;
}

