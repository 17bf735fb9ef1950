# dopt-test: cache-mounts
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN pip install --no-cache-dir flask
