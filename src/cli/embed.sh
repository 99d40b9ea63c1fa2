#!/bin/sh
# SPDX-License-Identifier: MIT
# embed.sh NAME FILE: print C source defining `const unsigned char NAME[]`
# (FILE's bytes and a NUL) and `const size_t NAME_len`, so that data ships
# inside the binary.
set -eu
name=$1
file=$2
echo "/* Generated from $(basename "$file") by embed.sh; do not edit. */"
echo "#include <stddef.h>"
echo "const unsigned char ${name}[] = {"
od -An -v -tx1 "$file" | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^ *//'
echo "0x00 };"
echo "const size_t ${name}_len = sizeof(${name}) - 1;"
