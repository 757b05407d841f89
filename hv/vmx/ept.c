/* A VM's VMX structures: EPT with guest RAM at GPA 0 (write-back; every
 * other GPA exits as MMIO), the I/O bitmap (every port exits) and the MSR
 * bitmap from the MSR policy. */
#include "vcpu_arch.h"
#include "vm.h"
#include "vmx.h"
#include "mm.h"
#include "msrpolicy.h"
#include "fmt.h"
#include <string.h>

int vmx_vm_init(struct vm *vm, char *err, size_t errlen)
{
    /* 2 MiB leaves only where the CPU's EPT has them (IA32_VMX_EPT_VPID_CAP bit 16) */
    vm->gpt = (struct pt_ctx){ .alloc = pt_alloc_cb, .p2v = pt_p2v_cb,
                               .allow_2m = (vmx_caps.ept_vpid >> 16) & 1, .table_flags = 7 };
    if (pt_init(&vm->gpt) || pt_map(&vm->gpt, 0, vm->mem_hpa, vm->mem_size, 7 | (6 << 3))) {
        hv_snprintf(err, errlen, "out of memory for the EPT tables");
        return -1;
    }
    vm->gpt_ptr = vm->gpt.root | (3 << 3) | 6;     /* 4 levels, write-back */
    vm->io_bitmap_pa = mm_frame_alloc_contig(2, FRAME_SIZE);
    vm->msr_bitmap_pa = mm_frame_alloc();
    if (!vm->io_bitmap_pa || !vm->msr_bitmap_pa) {
        hv_snprintf(err, errlen, "out of memory for the I/O and MSR bitmaps");
        return -1;
    }
    memset(phys_to_virt(vm->io_bitmap_pa), 0xff, 2 * FRAME_SIZE);
    msr_bitmap_build(phys_to_virt(vm->msr_bitmap_pa));
    return 0;
}
