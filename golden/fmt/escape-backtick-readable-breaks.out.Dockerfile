# escape=`
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY --from=mongo:7.0.37-windowsservercore-ltsc2022 `
    C:\Windows\System32\msvcp140.dll `
    C:\Windows\System32\vcruntime140.dll `
    C:\Windows\System32\
ENV DEPS `
	autoconf `
	make
RUN echo one && `
# column 0
    echo two
VOLUME ["C:\\data", `
    "C:\\logs"]
