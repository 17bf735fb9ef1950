# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN <<EOF python3
import sys
print("hello from", sys.version)

if True:
    print("indented")
EOF
