/* A stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks: the Go
 * runtime (1.22+) needs ProcessPrng from it. Fill the buffer from advapi32's
 * RtlGenRandom (exported as SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
