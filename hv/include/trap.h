#ifndef HV_TRAP_H
#define HV_TRAP_H
#include <stdint.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

void trap_handler(struct trap_frame *f);
/* A #PF hook returns true when it resolved the fault (retry the access). */
#include <stdbool.h>
typedef bool trap_pf_hook_fn(uint64_t rip, uint64_t addr);
void trap_set_pf_hook(trap_pf_hook_fn *fn);
const char *exception_name(unsigned vector);

/* Symbol lookup for crash dumps: name and offset of the function holding addr. */
const char *symbol_lookup(uint64_t addr, uint64_t *offset);

#endif
