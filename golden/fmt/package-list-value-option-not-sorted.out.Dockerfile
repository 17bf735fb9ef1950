FROM python:3.12-slim
RUN pip install --index-url https://pypi.example.com/simple \
        zope.interface \
        aiohttp
RUN apt-get -o Dpkg::Options::=--force-confnew install -y \
        zsh \
        bash
