/* VM configuration: a subset of Xen's xl.cfg syntax. Pure parser. */
#ifndef HV_VMCONFIG_H
#define HV_VMCONFIG_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

enum vm_action { ACT_DESTROY, ACT_RESTART, ACT_PRESERVE };

#define VM_MAX_VIFS 2
struct vm_vif_cfg {         /* one xl vif spec: 'mac=00:16:3e:01:02:03, bridge=br0' */
    uint8_t mac[6];
    bool mac_set;           /* else derived from the VM's name (00:16:3e:..., stable) */
    char bridge[16];        /* the hypervisor's switch to join (default xenbr0) */
};

#define VM_MAX_DISKS 4
struct vm_disk_cfg {        /* one xl disk spec: 'format=raw, vdev=xvda, access=rw, target=IMG' */
    char target[64];        /* the image: a boot module's name */
    char vdev[8];           /* xvda, hdb, sdc, vdd: the name the guest's GET_ID gives */
    bool ro;
};

struct vm_config {
    char file[64];          /* module name, for messages */
    char name[32];
    uint32_t memory_mb;     /* default 128 */
    uint32_t vcpus;         /* default 1 */
    char cpus[32];          /* pinning: cpus = "0-3,5" or "all" */
    uint64_t cpu_mask;      /* parsed from cpus; 0 = not given (any CPU) */
    char kernel[64];        /* module name */
    char ramdisk[64];       /* module name, optional */
    char extra[512];        /* guest command line */
    enum vm_action on_poweroff, on_reboot, on_crash;
    bool asi_guest_control; /* asi_guest_control = 1: the guest kernel may switch ASI (HC_ASI_SET) */
    bool unassigned_destroy;/* unassigned_access = "destroy": a GPA with no RAM and no device ends
                               the VM; default "ones": reads all ones, writes dropped, as on a PC */
    bool testdev;           /* testdev = 1: QEMU's pc-testdev ports (test kernels; tools/hvrun) */
    bool autostart;         /* autostart = 0: built at boot, started later (console key s) */
    bool control;           /* control = 1: the control VM (at most one): may list, stop and
                               create the others (docs/hypercalls.md) */
    struct vm_disk_cfg disks[VM_MAX_DISKS];   /* disk = [ ... ]: virtio-blk devices, in order */
    unsigned ndisks;
    struct vm_vif_cfg vifs[VM_MAX_VIFS];      /* vif = [ ... ]: virtio-net devices, in order */
    unsigned nvifs;
};

#define VM_MAX_MEMORY_MB 3072   /* below the 3-4 GiB MMIO hole */
#define VM_MAX_VCPUS 4

/* Returns 0, or -1 with "FILE:LINE: message" in err. */
int vmconfig_parse(const char *text, size_t len, const char *file,
                   struct vm_config *cfg, char *err, size_t errlen);
const char *vm_action_name(enum vm_action a);
/* One xl disk spec (key=value items, or xl's positional target,format,vdev,access;
 * target= takes the rest of the string). 0, or -1 with the reason in why. */
int xl_disk_parse(const char *s, size_t len, struct vm_disk_cfg *d, char *why, size_t whylen);
/* One xl vif spec: mac=, bridge=, model=virtio (type=vif|ioemu accepted). 0, or -1 with why. */
int xl_vif_parse(const char *s, size_t len, struct vm_vif_cfg *v, char *why, size_t whylen);

#endif
