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

/* The control VM's calls (xl.cfg control = 1; docs/hypercalls.md): they act
 * on other VMs, named by index (0 .. as HC_VM_INFO lists them). From the
 * control VM's user space they need the control token in RSI:RDI. */
#define HC_VM_INFO       0x10   /* RBX = index, RCX = buffer, RDX = its size: a struct hv_vminfo */
#define HC_VM_PAUSE      0x11   /* RBX = index */
#define HC_VM_UNPAUSE    0x12   /* RBX = index */
#define HC_VM_DESTROY    0x13   /* RBX = index: memory scrubbed and returned */
#define HC_VM_CREATE     0x14   /* RBX = name buffer, RCX = length: a VM's or its config module's
                                   name; starts it (off, ended) or builds it again (destroyed) */
#define HC_VM_RESTART    0x15   /* RBX = index */
#define HC_CONS_READ     0x16   /* RBX = index, RCX = buffer, RDX = size, R8 = cursor: RAX = bytes,
                                   RBX = the next cursor (output older than 4 KiB is gone) */
#define HC_CONS_WRITE    0x17   /* RBX = index, RCX = buffer, RDX = length (<= 256): RAX = bytes queued */
#define HC_VM_STATS      0x18   /* RBX = index, RCX = exit reason or 0xffff: as HC_STATS, of that VM */
#define HC_CONTROL_FIRST HC_VM_INFO
#define HC_CONTROL_LAST  HC_VM_STATS

#define HC_TEST_PROBE 0x7f00 /* test=asi-probe only: read another VM's page from the exit handler */

#define HC_ENOSYS (-38)
#define HC_EFAULT (-14)
#define HC_EINVAL (-22)
#define HC_EPERM  (-1)    /* from user space without the control token; or the VM may not */
#define HC_ENOENT (-2)    /* no VM with that index or name */
#define HC_EACCES (-13)   /* a control call from a VM that is not the control VM */
#define HC_EBUSY  (-16)   /* the VM is not in a state that allows it (e.g. pausing an ended VM) */
#define HC_EEXIST (-17)   /* create: the VM runs already */
#define HC_EAGAIN (-11)   /* console write: its input queue is full; try again */

#define HV_SIGNATURE "ASIHypervsr"   /* CPUID 0x40000000 EBX:ECX:EDX (12 bytes with NUL) */

#endif
