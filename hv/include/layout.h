/* Virtual memory layout shared by C and assembly. */
#ifndef HV_LAYOUT_H
#define HV_LAYOUT_H

#define KVMA          0xffffffff80000000
#define PHYS_LOAD     0x200000
/* Direct map of all RAM (full space only; never in a restricted space). */
#define PHYSMAP_BASE  0xffff888000000000
#define PAGE_SIZE     4096
#define BOOT_STACK_SIZE 16384

#endif
