# Included by src/core/CMakeLists.txt; paths are relative to src/core. One file per line.
# Cloud object stores (S3-compatible with AWS SigV4, Alibaba OSS with V4/V1) over
# QNetworkAccessManager, and their signers.
set(LIVESNAP_STORAGE_SOURCES
    storage/SignedRequest.h
    storage/SigningUtil.cpp
    storage/SigningUtil.h
    storage/S3Signer.cpp
    storage/S3Signer.h
    storage/OssSigner.cpp
    storage/OssSigner.h
    storage/HttpObjectStore.cpp
    storage/HttpObjectStore.h
    storage/LinkSigner.cpp
    storage/LinkSigner.h
    storage/LinkServer.cpp
    storage/LinkServer.h
)
