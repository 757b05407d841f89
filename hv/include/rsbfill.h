/* How much of the return stack buffer is refilled when guest-trained
 * predictions could reach sensitive code: on a VM exit to the full space
 * (hv/vmx/entry.S), and on asi_exit (hv/arch/rsb.S). */
#ifndef HV_RSBFILL_H
#define HV_RSBFILL_H
#include <stdint.h>
#include <stdbool.h>

enum rsb_fill { RSB_FILL_NONE, RSB_FILL_LITE, RSB_FILL_FULL };

#define ARCH_CAP_IBRS_ALL  (1ull << 1)      /* eIBRS: guest-trained predictions stay in the guest */
#define ARCH_CAP_PBRSB_NO  (1ull << 24)     /* no post-barrier RSB predictions */

/* Pure: what the CPU's IA32_ARCH_CAPABILITIES (when it has the MSR) asks for.
 * Without eIBRS every entry may hold a guest prediction: refill all 32. */
enum rsb_fill rsb_fill_mode(bool has_arch_caps, uint64_t arch_caps);
const char *rsb_fill_name(enum rsb_fill f);
extern uint8_t rsb_fill_now;    /* enum rsb_fill in force (hv/arch/rsb.S) */
void cpu_rsb_fill(void);        /* refill as rsb_fill_now says */

#endif
