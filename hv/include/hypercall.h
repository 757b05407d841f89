/* Hypercall ABI (docs/hypercalls.md): VMCALL with the number in RAX,
 * arguments in RBX, RCX, RDX; result in RAX (negative = error). */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#define HC_NOP           0   /* returns 0: the null hypercall (latency) */
#define HC_CONSOLE_WRITE 1   /* RBX = guest-virtual buffer, RCX = length (<= 4096) */
#define HC_SHUTDOWN      2   /* RBX = exit code: the VM ends with it */
#define HC_YIELD         3   /* give the CPU to another VM */
#define HC_STATS         4   /* RBX = exit reason or 0xffff for totals:
                                RAX = exits, RBX = handler cycles, RCX = asi_exits */
#define HC_ASI_SET       5   /* RBX = 0 off, 1 on: ASI for this VM's exits from now on */

#define HC_TEST_PROBE 0x7f00 /* test=asi-probe only: read another VM's page from the exit handler */

#define HC_ENOSYS (-38)
#define HC_EFAULT (-14)
#define HC_EINVAL (-22)
#define HC_EPERM  (-1)

#define HV_SIGNATURE "ASIHypervsr"   /* CPUID 0x40000000 EBX:ECX:EDX (12 bytes with NUL) */

#endif
