# syntax=docker/dockerfile:1
from alpine:3.19
label maintainer "Jörg Müller"
run echo café
