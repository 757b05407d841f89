    .section .hvsyms, "a"
    .balign 8
    .globl hvsyms_count, hvsyms_table, hvsyms_strs
hvsyms_count: .quad 286
hvsyms_table:
    .quad 0x, 0
    .quad 0xffffffff80200000, 1
    .quad 0xffffffff80200000, 8
    .quad 0xffffffff80200028, 19
    .quad 0xffffffff80200028, 30
    .quad 0xffffffff80200048, 45
    .quad 0xffffffff8020013b, 53
    .quad 0xffffffff8020015d, 66
    .quad 0xffffffff80200170, 78
    .quad 0xffffffff802001a0, 95
    .quad 0xffffffff80200270, 111
    .quad 0xffffffff80200300, 120
    .quad 0xffffffff80200320, 129
    .quad 0xffffffff80200450, 141
    .quad 0xffffffff802004c0, 149
    .quad 0xffffffff802007c0, 165
    .quad 0xffffffff802007d0, 180
    .quad 0xffffffff802008c0, 197
    .quad 0xffffffff80200aa0, 206
    .quad 0xffffffff80200ae0, 219
    .quad 0xffffffff80200b00, 227
    .quad 0xffffffff80200b20, 240
    .quad 0xffffffff80200c10, 252
    .quad 0xffffffff80200da0, 266
    .quad 0xffffffff80200df0, 278
    .quad 0xffffffff80200e80, 291
    .quad 0xffffffff80200ea0, 306
    .quad 0xffffffff80201200, 319
    .quad 0xffffffff80201340, 328
    .quad 0xffffffff80201390, 346
    .quad 0xffffffff80201450, 351
    .quad 0xffffffff80201460, 355
    .quad 0xffffffff80201790, 368
    .quad 0xffffffff802017a0, 386
    .quad 0xffffffff80201960, 396
    .quad 0xffffffff80201a20, 406
    .quad 0xffffffff80201b60, 423
    .quad 0xffffffff80201d30, 444
    .quad 0xffffffff80201dc0, 456
    .quad 0xffffffff80201ec0, 467
    .quad 0xffffffff80202010, 480
    .quad 0xffffffff80202040, 502
    .quad 0xffffffff802020d0, 524
    .quad 0xffffffff80202110, 540
    .quad 0xffffffff80202120, 556
    .quad 0xffffffff80202130, 577
    .quad 0xffffffff80202160, 596
    .quad 0xffffffff802021a0, 615
    .quad 0xffffffff802021b0, 622
    .quad 0xffffffff802021c0, 631
    .quad 0xffffffff80202230, 642
    .quad 0xffffffff80202240, 656
    .quad 0xffffffff80202450, 665
    .quad 0xffffffff802024e0, 679
    .quad 0xffffffff80202520, 692
    .quad 0xffffffff802025d0, 700
    .quad 0xffffffff80202700, 715
    .quad 0xffffffff80202750, 728
    .quad 0xffffffff80202830, 735
    .quad 0xffffffff802028f0, 744
    .quad 0xffffffff802029c0, 761
    .quad 0xffffffff80202a50, 776
    .quad 0xffffffff80202b50, 792
    .quad 0xffffffff80202be0, 803
    .quad 0xffffffff80202c00, 817
    .quad 0xffffffff80203760, 827
    .quad 0xffffffff80203780, 842
    .quad 0xffffffff80203e80, 856
    .quad 0xffffffff80203f20, 863
    .quad 0xffffffff80203f70, 873
    .quad 0xffffffff80203fd0, 880
    .quad 0xffffffff80204020, 888
    .quad 0xffffffff80204040, 902
    .quad 0xffffffff80204510, 910
    .quad 0xffffffff80204520, 924
    .quad 0xffffffff80204530, 938
    .quad 0xffffffff80204540, 952
    .quad 0xffffffff80204550, 966
    .quad 0xffffffff80204560, 983
    .quad 0xffffffff802045e0, 998
    .quad 0xffffffff80204660, 1012
    .quad 0xffffffff80204720, 1019
    .quad 0xffffffff80204eb0, 1030
    .quad 0xffffffff80205030, 1038
    .quad 0xffffffff80205050, 1052
    .quad 0xffffffff80205270, 1061
    .quad 0xffffffff80205290, 1076
    .quad 0xffffffff80205390, 1088
    .quad 0xffffffff802053d0, 1105
    .quad 0xffffffff802053f0, 1121
    .quad 0xffffffff80205450, 1132
    .quad 0xffffffff802054b0, 1145
    .quad 0xffffffff80205850, 1155
    .quad 0xffffffff80205bc0, 1164
    .quad 0xffffffff80205c40, 1175
    .quad 0xffffffff80205c60, 1189
    .quad 0xffffffff80205d50, 1208
    .quad 0xffffffff80205d70, 1228
    .quad 0xffffffff80205e20, 1249
    .quad 0xffffffff80205e40, 1259
    .quad 0xffffffff80205eb0, 1270
    .quad 0xffffffff80205ef0, 1285
    .quad 0xffffffff80205fe0, 1301
    .quad 0xffffffff802062e0, 1308
    .quad 0xffffffff80206380, 1319
    .quad 0xffffffff80206390, 1337
    .quad 0xffffffff802063b0, 1350
    .quad 0xffffffff80206480, 1357
    .quad 0xffffffff80206540, 1367
    .quad 0xffffffff80206640, 1373
    .quad 0xffffffff80206680, 1384
    .quad 0xffffffff80206740, 1402
    .quad 0xffffffff802067d0, 1413
    .quad 0xffffffff80206aa0, 1421
    .quad 0xffffffff80206af0, 1436
    .quad 0xffffffff80206b80, 1451
    .quad 0xffffffff80206c60, 1468
    .quad 0xffffffff80206c80, 1482
    .quad 0xffffffff80206ef0, 1487
    .quad 0xffffffff80207010, 1496
    .quad 0xffffffff80207840, 1509
    .quad 0xffffffff80207880, 1521
    .quad 0xffffffff802078b0, 1528
    .quad 0xffffffff80207910, 1536
    .quad 0xffffffff80207930, 1543
    .quad 0xffffffff80207970, 1550
    .quad 0xffffffff802079a0, 1557
    .quad 0xffffffff802079d0, 1565
    .quad 0xffffffff80207a10, 1572
    .quad 0xffffffff80207a50, 1580
    .quad 0xffffffff80207ab0, 1588
    .quad 0xffffffff80207ae0, 1595
    .quad 0xffffffff80207b40, 1602
    .quad 0xffffffff80207b60, 1621
    .quad 0xffffffff80207ba0, 1630
    .quad 0xffffffff80207cb0, 1645
    .quad 0xffffffff80207ce0, 1656
    .quad 0xffffffff80207d70, 1673
    .quad 0xffffffff80207de0, 1693
    .quad 0xffffffff80207e70, 1705
    .quad 0xffffffff80207fe0, 1724
    .quad 0xffffffff80208050, 1735
    .quad 0xffffffff80208080, 1749
    .quad 0xffffffff802080a0, 1759
    .quad 0xffffffff802080b0, 1771
    .quad 0xffffffff802080c0, 1781
    .quad 0xffffffff802080d0, 1788
    .quad 0xffffffff802080f0, 1801
    .quad 0xffffffff80208140, 1814
    .quad 0xffffffff802081a0, 1833
    .quad 0xffffffff80208810, 1841
    .quad 0xffffffff80208940, 1852
    .quad 0xffffffff80208980, 1862
    .quad 0xffffffff80208aa0, 1874
    .quad 0xffffffff80208ac0, 1887
    .quad 0xffffffff80208ae0, 1899
    .quad 0xffffffff80208b10, 1907
    .quad 0xffffffff80208c40, 1917
    .quad 0xffffffff80208ed0, 1924
    .quad 0xffffffff80209040, 1933
    .quad 0xffffffff802090a0, 1946
    .quad 0xffffffff802090c0, 1954
    .quad 0xffffffff802090f0, 1966
    .quad 0xffffffff802091d0, 1979
    .quad 0xffffffff80209210, 1988
    .quad 0xffffffff80209960, 1996
    .quad 0xffffffff80209ae0, 2005
    .quad 0xffffffff80209b10, 2020
    .quad 0xffffffff8020ab70, 2035
    .quad 0xffffffff8020ac10, 2051
    .quad 0xffffffff8020ac80, 2067
    .quad 0xffffffff8020ace0, 2083
    .quad 0xffffffff8020b320, 2092
    .quad 0xffffffff8020b680, 2106
    .quad 0xffffffff8020b750, 2117
    .quad 0xffffffff8020b760, 2120
    .quad 0xffffffff8020b770, 2136
    .quad 0xffffffff8020b850, 2147
    .quad 0xffffffff8020b870, 2158
    .quad 0xffffffff8020bac0, 2164
    .quad 0xffffffff8020bb00, 2175
    .quad 0xffffffff8020bb90, 2184
    .quad 0xffffffff8020bbb0, 2197
    .quad 0xffffffff8020bc90, 2211
    .quad 0xffffffff8020bea0, 2223
    .quad 0xffffffff8020bf00, 2235
    .quad 0xffffffff8020ca40, 2244
    .quad 0xffffffff8020ca70, 2254
    .quad 0xffffffff8020cf70, 2263
    .quad 0xffffffff8020cfa0, 2281
    .quad 0xffffffff8020d020, 2296
    .quad 0xffffffff8020d110, 2311
    .quad 0xffffffff8020d1f0, 2319
    .quad 0xffffffff8020d2b0, 2326
    .quad 0xffffffff8020d340, 2334
    .quad 0xffffffff8020d3c0, 2343
    .quad 0xffffffff8020d4b0, 2357
    .quad 0xffffffff8020d4d0, 2375
    .quad 0xffffffff8020da00, 2386
    .quad 0xffffffff8020da40, 2405
    .quad 0xffffffff8020da90, 2424
    .quad 0xffffffff8020daa0, 2432
    .quad 0xffffffff8020e080, 2443
    .quad 0xffffffff8020e090, 2453
    .quad 0xffffffff8020e0f0, 2469
    .quad 0xffffffff8020e1a0, 2484
    .quad 0xffffffff8020e1b0, 2494
    .quad 0xffffffff8020eaa0, 2518
    .quad 0xffffffff8020ebe0, 2534
    .quad 0xffffffff8020ec20, 2542
    .quad 0xffffffff8020ed10, 2554
    .quad 0xffffffff8020eec0, 2571
    .quad 0xffffffff8020f100, 2584
    .quad 0xffffffff8020f720, 2596
    .quad 0xffffffff8020f890, 2611
    .quad 0xffffffff8020fd00, 2624
    .quad 0xffffffff8020fd20, 2638
    .quad 0xffffffff8020fd30, 2650
    .quad 0xffffffff8020fd40, 2667
    .quad 0xffffffff8020fd90, 2682
    .quad 0xffffffff8020fdd0, 2695
    .quad 0xffffffff8020fe00, 2713
    .quad 0xffffffff8020fec0, 2726
    .quad 0xffffffff8020fef0, 2736
    .quad 0xffffffff8020ff20, 2758
    .quad 0xffffffff8020ff40, 2780
    .quad 0xffffffff802102d0, 2789
    .quad 0xffffffff80210390, 2800
    .quad 0xffffffff80210420, 2816
    .quad 0xffffffff802105e0, 2824
    .quad 0xffffffff80210a60, 2843
    .quad 0xffffffff80210a90, 2862
    .quad 0xffffffff80210c10, 2879
    .quad 0xffffffff80210d40, 2888
    .quad 0xffffffff80210ea0, 2896
    .quad 0xffffffff80211030, 2911
    .quad 0xffffffff80211220, 2922
    .quad 0xffffffff80211430, 2933
    .quad 0xffffffff802114c0, 2945
    .quad 0xffffffff80211500, 2958
    .quad 0xffffffff802115b0, 2975
    .quad 0xffffffff802115d0, 2989
    .quad 0xffffffff80211600, 3003
    .quad 0xffffffff80211630, 3024
    .quad 0xffffffff802117f0, 3039
    .quad 0xffffffff80211800, 3048
    .quad 0xffffffff80211d67, 3063
    .quad 0xffffffff80211d70, 3068
    .quad 0xffffffff80211d79, 3073
    .quad 0xffffffff80211d82, 3078
    .quad 0xffffffff80211d8b, 3083
    .quad 0xffffffff80211d94, 3088
    .quad 0xffffffff80211d9d, 3093
    .quad 0xffffffff80211da6, 3098
    .quad 0xffffffff80211daf, 3103
    .quad 0xffffffff80211db3, 3108
    .quad 0xffffffff80211db9, 3113
    .quad 0xffffffff80211dbd, 3119
    .quad 0xffffffff80211dc1, 3125
    .quad 0xffffffff80211dc5, 3131
    .quad 0xffffffff80211dc9, 3137
    .quad 0xffffffff80211dcd, 3143
    .quad 0xffffffff80211dd3, 3149
    .quad 0xffffffff80211dd9, 3155
    .quad 0xffffffff80211ddd, 3161
    .quad 0xffffffff80211de3, 3167
    .quad 0xffffffff80211de9, 3173
    .quad 0xffffffff80211def, 3179
    .quad 0xffffffff80211df3, 3185
    .quad 0xffffffff80211df9, 3191
    .quad 0xffffffff80211dff, 3197
    .quad 0xffffffff80211e05, 3203
    .quad 0xffffffff80211e0b, 3209
    .quad 0xffffffff80211e11, 3215
    .quad 0xffffffff80211e17, 3221
    .quad 0xffffffff80211e1d, 3227
    .quad 0xffffffff80211e21, 3233
    .quad 0xffffffff80211e25, 3239
    .quad 0xffffffff80211e2b, 3245
    .quad 0xffffffff80211e31, 3251
    .quad 0xffffffff80211e6e, 3262
    .quad 0xffffffff80211e7c, 3276
    .quad 0xffffffff80211ea6, 3289
    .quad 0xffffffff80211f15, 3297
    .quad 0xffffffff80211f20, 3314
    .quad 0xffffffff80211feb, 3328
hvsyms_strs:
    .asciz ""
    .asciz "_stext"
    .asciz "mb2_header"
    .asciz "mb1_header"
    .asciz "mb2_header_end"
    .asciz "start32"
    .asciz "no_long_mode"
    .asciz "start64_low"
    .asciz "acpi_checksum_ok"
    .asciz "acpi_s5_slp_typ"
    .asciz "idt_init"
    .asciz "idt_load"
    .asciz "percpu_init"
    .asciz "map_sdt"
    .asciz "acpi_find_power"
    .asciz "power_set_rsdp"
    .asciz "machine_poweroff"
    .asciz "rtc_init"
    .asciz "rtc_now_unix"
    .asciz "rtc_bcd"
    .asciz "rtc_from_bcd"
    .asciz "rtc_to_unix"
    .asciz "rtc_from_unix"
    .asciz "serial_init"
    .asciz "serial_write"
    .asciz "exception_name"
    .asciz "trap_handler"
    .asciz "tsc_init"
    .asciz "tsc_hz_from_cpuid"
    .asciz "leaf"
    .asciz "p2v"
    .asciz "residue_leaf"
    .asciz "probe_read.isra.0"
    .asciz "asi_audit"
    .asciz "asi_probe"
    .asciz "asi_residue_scan"
    .asciz "asi_classify_mapping"
    .asciz "ephmap_init"
    .asciz "ephmap_map"
    .asciz "ephmap_unmap"
    .asciz "ephmap_space_switched"
    .asciz "ephmap_vm_lost_access"
    .asciz "ephmap_slot_get"
    .asciz "ephmap_slot_put"
    .asciz "ephmap_flush_targets"
    .asciz "ephmap_note_switch"
    .asciz "ephmap_flush_pcids"
    .asciz "p2v_cb"
    .asciz "alloc_cb"
    .asciz "map_or_die"
    .asciz "asi_available"
    .asciz "asi_init"
    .asciz "asi_vm_create"
    .asciz "asi_host_cr3"
    .asciz "asi_set"
    .asciz "asi_layout_get"
    .asciz "asi_classify"
    .asciz "record"
    .asciz "asi_exit"
    .asciz "asi_handle_fault"
    .asciz "asi_enter_slow"
    .asciz "asi_print_exits"
    .asciz "add_region"
    .asciz "mem_type_name"
    .asciz "mb2_parse"
    .asciz "asi_flush_name"
    .asciz "options_parse"
    .asciz "vprint"
    .asciz "hv_printf"
    .asciz "hv_log"
    .asciz "hv_stop"
    .asciz "report_option"
    .asciz "hv_main"
    .asciz "test_fault_ud"
    .asciz "test_fault_pf"
    .asciz "test_fault_gp"
    .asciz "test_fault_de"
    .asciz "test_fault_stack"
    .asciz "selftest_fault"
    .asciz "symbol_lookup"
    .asciz "header"
    .asciz "acpi_build"
    .asciz "cmos_io"
    .asciz "dev_cmos_init"
    .asciz "fwcfg_io"
    .asciz "dev_fwcfg_init"
    .asciz "ioapic_mmio"
    .asciz "dev_ioapic_reset"
    .asciz "dev_ioapic_init"
    .asciz "vm_isa_irq"
    .asciz "ioapic_raise"
    .asciz "reg_write"
    .asciz "reg_read"
    .asciz "lapic_init"
    .asciz "lapic_set_irr"
    .asciz "lapic_update_timer"
    .asciz "lapic_next_deadline"
    .asciz "lapic_pending_vector"
    .asciz "lapic_ack"
    .asciz "lapic_mmio"
    .asciz "lapic_msr_read"
    .asciz "lapic_msr_write"
    .asciz "pit_io"
    .asciz "pit_update"
    .asciz "pit_next_deadline"
    .asciz "dev_pit_init"
    .asciz "pci_io"
    .asciz "legacy_io"
    .asciz "pm_io"
    .asciz "debug_exit"
    .asciz "dev_platform_init"
    .asciz "update_irq"
    .asciz "uart_io"
    .asciz "dev_uart_flush"
    .asciz "dev_uart_input"
    .asciz "host_serial_poll"
    .asciz "dev_uart_init"
    .asciz "emit"
    .asciz "emit_num"
    .asciz "hv_vsnprintf"
    .asciz "hv_snprintf"
    .asciz "memcpy"
    .asciz "memmove"
    .asciz "memset"
    .asciz "memcmp"
    .asciz "strlen"
    .asciz "strnlen"
    .asciz "strcmp"
    .asciz "strncmp"
    .asciz "strlcpy"
    .asciz "memchr"
    .asciz "strstr"
    .asciz "frame_bitmap_bytes"
    .asciz "mmap_top"
    .asciz "mmap_find_free"
    .asciz "frame_init"
    .asciz "frame_free_range"
    .asciz "frame_reserve_range"
    .asciz "frame_alloc"
    .asciz "frame_alloc_contig"
    .asciz "frame_free"
    .asciz "frame_is_used"
    .asciz "pt_p2v_cb"
    .asciz "pt_alloc_cb"
    .asciz "kernel_pt"
    .asciz "pte_nx"
    .asciz "phys_to_virt"
    .asciz "virt_to_phys"
    .asciz "alloc_frame_zeroed"
    .asciz "mm_init"
    .asciz "walk_level"
    .asciz "new_table"
    .asciz "walk_create"
    .asciz "pt_canonical"
    .asciz "pt_strerror"
    .asciz "pt_init"
    .asciz "pt_lookup"
    .asciz "pt_map"
    .asciz "pt_unmap"
    .asciz "pt_share_top"
    .asciz "pt_walk"
    .asciz "vmarea_init"
    .asciz "vmarea_alloc"
    .asciz "bz_probe"
    .asciz "bz_load"
    .asciz "distance"
    .asciz "vm_action_name"
    .asciz "vmconfig_parse"
    .asciz "cr0_write_check"
    .asciz "cr4_write_check"
    .asciz "guest_range_bad"
    .asciz "elf_load"
    .asciz "elf_find_note"
    .asciz "copy_guest"
    .asciz "rd"
    .asciz "guest_phys_read"
    .asciz "guest_read"
    .asciz "gwalk_mode"
    .asciz "gwalk"
    .asciz "hc_rule_of"
    .asciz "hc_check"
    .asciz "hc_rule_name"
    .asciz "console_write"
    .asciz "exit_vmcall"
    .asciz "iorange_fit"
    .asciz "mb1_load"
    .asciz "pvh_probe"
    .asciz "pvh_load"
    .asciz "run_on_exit_stack"
    .asciz "sched_cpu_init"
    .asciz "vm_print_stats"
    .asciz "stopped"
    .asciz "vm_end"
    .asciz "restart"
    .asciz "vm_reset"
    .asciz "vcpu_watchdog"
    .asciz "vcpu_should_yield"
    .asciz "vm_run_all"
    .asciz "vcpu_timers_update"
    .asciz "vcpu_next_deadline"
    .asciz "ept_p2v"
    .asciz "load_guest"
    .asciz "ept_alloc"
    .asciz "vm_device_error"
    .asciz "vm_release_ram"
    .asciz "vm_reload"
    .asciz "vms_create_from_modules"
    .asciz "vmx_decode_caps"
    .asciz "vmx_has"
    .asciz "vmx_missing"
    .asciz "vmx_compute_ctls"
    .asciz "cpuid_filter"
    .asciz "mmio_decode"
    .asciz "vmx_print_caps"
    .asciz "vmx_discover"
    .asciz "exit_vmx_insn"
    .asciz "exit_ignore"
    .asciz "exit_intr_window"
    .asciz "exit_exception"
    .asciz "exit_preempt"
    .asciz "exit_triple_fault"
    .asciz "entry_failed"
    .asciz "exit_skip"
    .asciz "vcpu_skip_instruction"
    .asciz "vcpu_inject_exception"
    .asciz "vcpu_run"
    .asciz "exit_cpuid"
    .asciz "guest_write_cr0"
    .asciz "exit_cr"
    .asciz "exit_ept_violation"
    .asciz "exit_ept_misconfig"
    .asciz "vm_register_mmio"
    .asciz "exit_hlt"
    .asciz "exit_io"
    .asciz "vm_register_io"
    .asciz "exit_rdmsr"
    .asciz "exit_wrmsr"
    .asciz "exit_xsetbv"
    .asciz "msr_classify"
    .asciz "msr_bitmap_build"
    .asciz "rsb_fill_mode"
    .asciz "rsb_fill_name"
    .asciz "vmx_instr_error_name"
    .asciz "vmx_cpu_enable"
    .asciz "vmx_load"
    .asciz "vmx_vcpu_setup"
    .asciz "isr0"
    .asciz "isr1"
    .asciz "isr2"
    .asciz "isr3"
    .asciz "isr4"
    .asciz "isr5"
    .asciz "isr6"
    .asciz "isr7"
    .asciz "isr8"
    .asciz "isr9"
    .asciz "isr10"
    .asciz "isr11"
    .asciz "isr12"
    .asciz "isr13"
    .asciz "isr14"
    .asciz "isr15"
    .asciz "isr16"
    .asciz "isr17"
    .asciz "isr18"
    .asciz "isr19"
    .asciz "isr20"
    .asciz "isr21"
    .asciz "isr22"
    .asciz "isr23"
    .asciz "isr24"
    .asciz "isr25"
    .asciz "isr26"
    .asciz "isr27"
    .asciz "isr28"
    .asciz "isr29"
    .asciz "isr30"
    .asciz "isr31"
    .asciz "isr32"
    .asciz "isr_common"
    .asciz "call_on_stack"
    .asciz "start64_high"
    .asciz "vmx_run"
    .asciz "vmx_entry_failed"
    .asciz "vmx_exit_stub"
    .asciz "_etext"
