/* Memory management entry points used across the hypervisor. */
#ifndef HV_MM_H
#define HV_MM_H
#include <stdint.h>
#include "bootinfo.h"
#include "frame.h"

extern struct frame_alloc frames;

/* Before mm_init: identity map of the low 4 GiB; after: the physmap. */
void *phys_to_virt(uint64_t phys);
uint64_t virt_to_phys(const void *va);

/* Frame allocator from the memory map, then the hypervisor's own page
 * tables (text RX, rodata RO, data RW+NX, physmap RW+NX). */
void mm_init(struct boot_info *bi);
/* A zeroed frame (physical address); stops the machine when memory is out. */
uint64_t alloc_frame_zeroed(void);

struct pt_ctx;
/* The full address space's page tables. */
struct pt_ctx *kernel_pt(void);
/* PTE_NX where the CPU has NX, else 0. */
uint64_t pte_nx(void);

void power_set_rsdp(const uint8_t *rsdp, unsigned len);

#endif
