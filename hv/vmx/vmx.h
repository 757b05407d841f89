#ifndef HV_VMX_H
#define HV_VMX_H
#include "vmxcaps.h"

extern struct vmx_caps vmx_caps;
/* 0 when VT-x is usable; else -1 and a one-line reason in why. */
int vmx_discover(char *why, size_t whylen);
void vmx_print_caps(const struct vmx_caps *c);

#endif
