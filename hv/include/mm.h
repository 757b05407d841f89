/* Memory management entry points used across the hypervisor. */
#ifndef HV_MM_H
#define HV_MM_H
#include <stdint.h>
#include "bootinfo.h"
#include "frame.h"

extern struct frame_alloc frames;

#include "physmap.h"

/* Frame allocator from the memory map, then the hypervisor's own page
 * tables (text RX, rodata RO, data RW+NX, physmap RW+NX). */
void mm_init(struct boot_info *bi);
/* A zeroed frame (physical address); stops the machine when memory is out. */
uint64_t alloc_frame_zeroed(void);
/* The frame allocator under its lock (every CPU allocates): 0 when out. */
uint64_t mm_frame_alloc(void);
uint64_t mm_frame_alloc_contig(uint64_t n, uint64_t align);
void mm_frame_free_range(uint64_t pa, uint64_t len);
/* A full-space root for another CPU: the boot CPU's with that CPU's private slot. */
uint64_t mm_cpu_root(unsigned cpu);

struct pt_ctx;
/* pt_ctx callbacks: a frame from the allocator (0 when out), its physmap address. */
uint64_t pt_alloc_cb(void *arg);
void *pt_p2v_cb(uint64_t phys, void *arg);
/* The full address space's page tables. */
struct pt_ctx *kernel_pt(void);
/* PTE_NX where the CPU has NX, else 0. */
uint64_t pte_nx(void);

#endif
