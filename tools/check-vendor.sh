#!/bin/bash
# Vendor code stays in its backend: no vmread/vmwrite, no VMCS field name
# and no VMX header outside hv/vmx; no SVM instruction, VMCB field or SVM
# header outside hv/svm. VMCS field names come from hv/vmx/vmcs.h itself, so
# a new field is covered without editing this script.
# Usage: tools/check-vendor.sh   (exit 1 and the offending lines on a leak)
cd "$(dirname "$0")/.."
fields=$(sed -n '/^enum vmcs_field/,/^};/p' hv/vmx/vmcs.h | grep -oE '\b[A-Z][A-Z0-9_]+ *=' | tr -d ' =' | sort -u)
[ -n "$fields" ] || { echo "check-vendor: no field names found in hv/vmx/vmcs.h" >&2; exit 2; }
# leaks WHAT DIR PATTERN: lines outside DIR matching PATTERN, comments cut first
leaks() {
    local hits
    hits=$(grep -rnE "$3" hv --include='*.c' --include='*.h' --include='*.S' | grep -v "^$2/" \
           | sed -E 's#/\*.*(\*/|$)##; s#^([^:]+:[0-9]+:) *\*.*#\1#' | grep -E "$3")
    [ -z "$hits" ] && return 0
    echo "$hits"
    echo "check-vendor: $(wc -l <<<"$hits") $1 reference(s) outside $2"
    return 1
}
leaks VMX hv/vmx "\\b(vmread|vmwrite|vmlaunch|vmresume|vmptrld|$(paste -sd'|' <<<"$fields"))\\b|#include \"(vmcs|vmx|vmxops|vmxctl|vmxcaps)\\.h\"" || exit 1
leaks SVM hv/svm '\b(vmrun|vmload|vmsave|clgi|stgi|struct vmcb_seg|exit_info1|exit_info2|event_inj|SVM_EXIT_[A-Z0-9_]+)\b|#include "(vmcb|svm)\.h"' || exit 1
echo "check-vendor: no VMX reference outside hv/vmx ($(wc -l <<<"$fields") VMCS field names checked), no SVM reference outside hv/svm"
