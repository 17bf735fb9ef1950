# syntax=docker/dockerfile:1
FROM python:3.12-slim
run   <<EOF python3
import sys
print("hello from", sys.version)

if True:
    print("indented")
EOF
