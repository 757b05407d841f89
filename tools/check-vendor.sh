#!/bin/bash
# Vendor code stays in its backend: no vmread/vmwrite, no VMCS field name
# and no VMX header outside hv/vmx; no SVM instruction, VMCB field or SVM
# header outside hv/svm. Field names come from hv/vmx/vmcs.h
# itself, so a new field is covered without editing this script.
# Usage: tools/check-vendor.sh   (exit 1 and the offending lines on a leak)
cd "$(dirname "$0")/.."
fields=$(sed -n '/^enum vmcs_field/,/^};/p' hv/vmx/vmcs.h | grep -oE '\b[A-Z][A-Z0-9_]+ *=' | tr -d ' =' | sort -u)
[ -n "$fields" ] || { echo "check-vendor: no field names found in hv/vmx/vmcs.h" >&2; exit 2; }
pattern="\\b(vmread|vmwrite|vmlaunch|vmresume|vmptrld|$(paste -sd'|' <<<"$fields"))\\b|#include \"(vmcs|vmx|vmxops|vmxctl|vmxcaps)\\.h\""
# comments may name VMX things: they are cut before the second match
hits=$(grep -rnE "$pattern" hv --include='*.c' --include='*.h' --include='*.S' | grep -v '^hv/vmx/' \
       | sed -E 's#/\*.*(\*/|$)##; s#^([^:]+:[0-9]+:) *\*.*#\1#' | grep -E "$pattern")
if [ -n "$hits" ]; then
    echo "$hits"
    echo "check-vendor: $(wc -l <<<"$hits") VMX reference(s) outside hv/vmx"
    exit 1
fi
# the same for SVM: no VMRUN/VMLOAD/VMSAVE/CLGI/STGI, no VMCB or SVM header outside hv/svm
spattern='\b(vmrun|vmload|vmsave|clgi|stgi|struct vmcb_seg|exit_info1|exit_info2|event_inj|SVM_EXIT_[A-Z0-9_]+)\b|#include "(vmcb|svm)\.h"'
shits=$(grep -rnE "$spattern" hv --include='*.c' --include='*.h' --include='*.S' | grep -v '^hv/svm/' \
        | sed -E 's#/\*.*(\*/|$)##; s#^([^:]+:[0-9]+:) *\*.*#\1#' | grep -E "$spattern")
if [ -n "$shits" ]; then
    echo "$shits"
    echo "check-vendor: $(wc -l <<<"$shits") SVM reference(s) outside hv/svm"
    exit 1
fi
echo "check-vendor: no VMX reference outside hv/vmx ($(wc -l <<<"$fields") VMCS field names checked), no SVM reference outside hv/svm"
