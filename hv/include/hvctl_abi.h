/* What the control hypercalls exchange with the control VM (hypercall.h,
 * docs/hypercalls.md); guest-tools/hvctl.c uses the same header. Fixed
 * layout: the same for the 64-bit hypervisor and any guest. */
#ifndef HV_HVCTL_ABI_H
#define HV_HVCTL_ABI_H
#include <stdint.h>

enum hv_vmstate { HV_VM_RUNNING, HV_VM_PAUSED, HV_VM_OFF, HV_VM_ENDED, HV_VM_DESTROYED, HV_VM_RESTARTING };

#define HV_VMINFO_CONTROL 1u    /* flags: the control VM */
#define HV_VMINFO_ASI     2u    /* flags: its exits run on its restricted space */
#define HV_VMINFO_VCPUS   4     /* CPUs of up to this many vCPUs are listed */

struct hv_vminfo {
    uint32_t id;                /* never reused: a VM built again gets a new one */
    uint32_t state;             /* enum hv_vmstate */
    uint32_t vcpus;
    uint32_t flags;
    uint64_t mem_mb;
    uint64_t uptime_ms;         /* guest time running: paused time does not count */
    uint64_t exits, asi_exits;
    uint32_t cpu[HV_VMINFO_VCPUS];   /* the host CPU each vCPU is on */
    char name[32];
    char config[32];            /* its config module */
};
_Static_assert(sizeof(struct hv_vminfo) == 128, "hv_vminfo layout");

#define HV_CONTROL_TOKEN_SIG "HVCT"  /* the ACPI table that carries the token (root-only in Linux's sysfs) */
#define HV_CONTROL_TOKEN_LEN 16

#endif
