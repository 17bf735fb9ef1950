# escape=`
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
run cmd /S /C mkdir C:\data && `
      echo ok > C:\data\ok.txt
ENV  DATA_DIR=C:\data
