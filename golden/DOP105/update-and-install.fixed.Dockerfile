FROM registry.suse.com/bci/bci-base:15.6
RUN zypper --non-interactive update && zypper --non-interactive install --no-recommends python311 && \
    zypper clean -a
