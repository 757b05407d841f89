/* MOV to CR4 where the backend cannot decode it (SVM without decode
 * assists): fetch and decode the instruction, check the value as a CPU
 * would (a reserved or unsupported bit, PCIDE rules: #GP), then write it.
 * QEMU's SVM ends the guest on a reserved CR4 bit instead of raising #GP,
 * so the write is intercepted there. */
#include "vcpu.h"
#include "lifecycle.h"
#include "decode.h"
#include "crcheck.h"

enum exit_action exit_cr_write(struct vcpu *v, const struct vmexit *x)
{
    uint8_t insn[15];
    unsigned n = vcpu_fetch_insn(v, arch_cs_base(v) + arch_get_rip(v), insn);
    unsigned bits = arch_code_bits(v);
    struct movcr_insn d;
    if (!n || movcr_decode(insn, n, bits, &d) || d.cr != x->cr.num) {
        vm_request_stop(v->vm, VM_STOP_CRASH, -1, "CR%u write exit at RIP 0x%llx: not a MOV to CR%u",
                        x->cr.num, (unsigned long long)arch_get_rip(v), x->cr.num);
        return EXIT_VM_DEAD;
    }
    uint64_t val = d.gpr == 4 ? arch_get_rsp(v) : ((uint64_t *)&v->regs)[d.gpr];
    if (bits != 64)
        val = (uint32_t)val;        /* outside 64-bit code the source is 32 bits */
    struct guest_paging p;
    arch_get_paging(v, &p);
    struct cr_ctx c = { p.efer, p.cr0, p.cr4, p.cr3, arch_cr4_allowed() };
    int vec = cr4_write_check(&c, val);
    if (vec) {
        vcpu_inject_exception(v, vec, true, 0);
        return EXIT_CONTINUE;
    }
    arch_set_cr4(v, val);
    vcpu_skip(v, d.len);
    return EXIT_CONTINUE;
}
