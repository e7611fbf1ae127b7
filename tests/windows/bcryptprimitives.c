/* A stand-in for Windows' bcryptprimitives.dll, FOR TESTS UNDER WINE ONLY.
 *
 * Rust's std imports ProcessPrng from bcryptprimitives.dll (Windows 10 and
 * later have it); Debian's Wine 8.0 does not, and the .exe then fails to
 * start (status c0000135). This DLL exports ProcessPrng and fills the
 * buffer from advapi32's RtlGenRandom (SystemFunction036). It is put next
 * to a copy of report-lint.exe in a temporary folder by tests/windows/run.sh
 * and is never shipped: dist/ holds only report-lint.exe. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
