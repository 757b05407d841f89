/* EPT violations outside guest RAM are MMIO: find the device, fetch and
 * decode the faulting instruction, do the access, write back the result.
 * Anything else (unmapped address, undecodable instruction) ends the VM. */
#include "exit.h"
#include "decode.h"
#include "iorange.h"

static uint64_t *gpr(struct vcpu *v, unsigned n)
{
    return &((uint64_t *)&v->regs)[n];
}

/* Register value as an operand of `size` bytes (AH..BH for byte regs 4-7 without REX). */
static uint64_t reg_get(struct vcpu *v, unsigned r, unsigned size, bool rex)
{
    if (size == 1 && !rex && r >= 4 && r < 8)
        return (*gpr(v, r - 4) >> 8) & 0xff;
    uint64_t x = r == 4 ? vmread(GUEST_RSP) : *gpr(v, r);
    return size == 8 ? x : x & ((1ull << (size * 8)) - 1);
}

static void reg_set(struct vcpu *v, unsigned r, unsigned size, bool rex, uint64_t val)
{
    if (size == 1 && !rex && r >= 4 && r < 8) {
        uint64_t *p = gpr(v, r - 4);
        *p = (*p & ~0xff00ull) | ((val & 0xff) << 8);
        return;
    }
    uint64_t old = r == 4 ? vmread(GUEST_RSP) : *gpr(v, r);
    uint64_t nv = size == 8 ? val : size == 4 ? (uint32_t)val
                : (old & ~((1ull << (size * 8)) - 1)) | (val & ((1ull << (size * 8)) - 1));
    if (r == 4)
        vmwrite(GUEST_RSP, nv);
    else
        *gpr(v, r) = nv;
}

static unsigned code_mode(void)
{
    uint64_t ar = vmread(GUEST_CS_AR);
    if ((vmread(GUEST_IA32_EFER) & (1ull << 10)) && (ar & (1u << 13)))
        return 64;
    if (!(vmread(GUEST_CR0) & 1))
        return 16;
    return (ar & (1u << 14)) ? 32 : 16;
}

enum exit_action exit_ept_violation(struct vcpu *v)
{
    struct vm *vm = v->vm;
    uint64_t gpa = vmread(GUEST_PHYS_ADDR);
    uint64_t rip = vmread(GUEST_RIP);
    const struct mmio_handler *h = NULL;
    for (unsigned i = 0; i < vm->nmmio && !h; i++)  /* ranges never overlap (vm_register_mmio) */
        if (gpa >= vm->mmio[i].base && gpa - vm->mmio[i].base < vm->mmio[i].len)
            h = &vm->mmio[i];
    if (!h) {
        vm_end(vm, -1, "access to unmapped guest-physical address 0x%llx at RIP 0x%llx "
               "(no RAM or device there)", (unsigned long long)gpa, (unsigned long long)rip);
        return EXIT_VM_DEAD;
    }
    uint8_t insn[15];
    unsigned n = 15;
    uint64_t la = vmread(GUEST_CS_BASE) + rip;
    /* near the end of a mapping a shorter fetch may still hold the instruction */
    while (n && guest_read(v, la, insn, n))
        n = n > 8 ? n - 4 : n - 1;
    struct mmio_insn d;
    const char *why = "instruction bytes not readable";
    if (!n || mmio_decode(insn, n, code_mode(), &d, &why)) {
        vm_end(vm, -1, "cannot emulate MMIO at 0x%llx by RIP 0x%llx: %s", (unsigned long long)gpa,
               (unsigned long long)rip, why);
        return EXIT_VM_DEAD;
    }
    uint64_t val = 0;
    switch (d.op) {
    case MMIO_LOAD:
    case MMIO_LOAD_ZX:
    case MMIO_LOAD_SX:
        h->fn(v, gpa, d.size, false, &val);
        val &= d.size == 8 ? ~0ull : (1ull << (d.size * 8)) - 1;
        if (d.op == MMIO_LOAD_SX)
            val = d.size == 1 ? (uint64_t)(int64_t)(int8_t)val : (uint64_t)(int64_t)(int16_t)val;
        reg_set(v, d.reg, d.dst_size, d.rex, val);
        break;
    case MMIO_STORE:
        val = reg_get(v, d.reg, d.size, d.rex);
        h->fn(v, gpa, d.size, true, &val);
        break;
    case MMIO_STORE_IMM:
        val = d.imm;
        h->fn(v, gpa, d.size, true, &val);
        break;
    case MMIO_STOS: {
        val = reg_get(v, 0, d.size, d.rex);
        h->fn(v, gpa, d.size, true, &val);
        bool down = vmread(GUEST_RFLAGS) & (1u << 10);
        v->regs.rdi += down ? -(uint64_t)d.size : d.size;
        if (d.rep && --v->regs.rcx)
            return EXIT_CONTINUE;       /* next iteration re-executes the instruction */
        break;
    }
    }
    vmwrite(GUEST_RIP, rip + d.len);
    return EXIT_CONTINUE;
}

enum exit_action exit_ept_misconfig(struct vcpu *v)
{
    vm_end(v->vm, -1, "EPT misconfiguration at guest-physical 0x%llx (hypervisor bug)",
           (unsigned long long)vmread(GUEST_PHYS_ADDR));
    return EXIT_VM_DEAD;
}

void vm_register_mmio(struct vm *vm, uint64_t base, uint64_t len,
                      void (*fn)(struct vcpu *, uint64_t, unsigned, bool, uint64_t *))
{
    struct io_range r[MAX_MMIO_HANDLERS];
    for (unsigned i = 0; i < vm->nmmio; i++)
        r[i] = (struct io_range){ vm->mmio[i].base, vm->mmio[i].len };
    unsigned w = 0;
    enum iorange_err e = iorange_fit(r, vm->nmmio, MAX_MMIO_HANDLERS, base, len, &w);
    if (base < vm->mem_size)
        vm_device_error(vm, "MMIO 0x%llx-0x%llx lies in guest RAM", (unsigned long long)base,
                        (unsigned long long)(base + len - 1));
    else if (e == IORANGE_OK)
        vm->mmio[vm->nmmio++] = (struct mmio_handler){ base, len, fn };
    else if (e == IORANGE_OVERLAP)
        vm_device_error(vm, "MMIO 0x%llx-0x%llx overlaps MMIO 0x%llx-0x%llx of another device",
                        (unsigned long long)base, (unsigned long long)(base + len - 1),
                        (unsigned long long)vm->mmio[w].base,
                        (unsigned long long)(vm->mmio[w].base + vm->mmio[w].len - 1));
    else
        vm_device_error(vm, "MMIO 0x%llx (+0x%llx): %s", (unsigned long long)base, (unsigned long long)len,
                        e == IORANGE_FULL ? "the MMIO table is full" : "empty range");
}
