/*
 * How fast SHA-256 can go on this CPU, one message at a time and two interleaved, with the SHA
 * instructions (SHA-NI), against OpenSSL's SHA256(): whether a native hasher that works on two
 * chunks at once would beat the JIT's SHA-256 stub under Arca's blob ids. Both ways are checked
 * against OpenSSL's compression function first. Built and run by bench/sha-lanes.sh (x86-64 with
 * the SHA extensions; gcc and libssl-dev).
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <openssl/sha.h>

static const uint32_t K[64] = {
0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2};

typedef struct { __m128i s0, s1; } st_t;

/* The state a..h as uint32[8], into the ABEF/CDGH register layout the instructions use. */
static st_t load_state(const uint32_t *h) {
  __m128i t = _mm_loadu_si128((const __m128i*)h);       /* DCBA */
  __m128i s1 = _mm_loadu_si128((const __m128i*)(h+4));  /* HGFE */
  t = _mm_shuffle_epi32(t, 0xB1);   /* CDAB */
  s1 = _mm_shuffle_epi32(s1, 0x1B); /* EFGH */
  st_t r; r.s0 = _mm_alignr_epi8(t, s1, 8); /* ABEF */
  r.s1 = _mm_blend_epi16(s1, t, 0xF0); /* CDGH */
  return r;
}
static void store_state(st_t s, uint32_t *h) {
  __m128i t = _mm_shuffle_epi32(s.s0, 0x1B); /* FEBA */
  __m128i s1 = _mm_shuffle_epi32(s.s1, 0xB1); /* DCHG */
  __m128i a = _mm_blend_epi16(t, s1, 0xF0); /* DCBA */
  __m128i b = _mm_alignr_epi8(s1, t, 8);    /* ABEF->HGFE */
  _mm_storeu_si128((__m128i*)h, a); _mm_storeu_si128((__m128i*)(h+4), b);
}

#define ROUNDS4(S0,S1,M,k) do { __m128i msg_ = _mm_add_epi32(M, _mm_loadu_si128((const __m128i*)(K+(k)))); \
  S1 = _mm_sha256rnds2_epu32(S1, S0, msg_); msg_ = _mm_shuffle_epi32(msg_, 0x0E); \
  S0 = _mm_sha256rnds2_epu32(S0, S1, msg_); } while(0)

/* n 64-byte blocks of one message. */
static void blocks1(st_t *st, const uint8_t *p, size_t n) {
  const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i s0 = st->s0, s1 = st->s1;
  while (n--) {
    __m128i a0=s0, a1=s1, m0,m1,m2,m3,t;
    m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(p)), MASK);
    m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(p+16)), MASK);
    m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(p+32)), MASK);
    m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(p+48)), MASK);
    ROUNDS4(s0,s1,m0,0); ROUNDS4(s0,s1,m1,4); ROUNDS4(s0,s1,m2,8); ROUNDS4(s0,s1,m3,12);
    for (int k = 16; k < 64; k += 16) {
      m0 = _mm_sha256msg1_epu32(m0, m1); t = _mm_alignr_epi8(m3, m2, 4); m0 = _mm_add_epi32(m0, t); m0 = _mm_sha256msg2_epu32(m0, m3); ROUNDS4(s0,s1,m0,k);
      m1 = _mm_sha256msg1_epu32(m1, m2); t = _mm_alignr_epi8(m0, m3, 4); m1 = _mm_add_epi32(m1, t); m1 = _mm_sha256msg2_epu32(m1, m0); ROUNDS4(s0,s1,m1,k+4);
      m2 = _mm_sha256msg1_epu32(m2, m3); t = _mm_alignr_epi8(m1, m0, 4); m2 = _mm_add_epi32(m2, t); m2 = _mm_sha256msg2_epu32(m2, m1); ROUNDS4(s0,s1,m2,k+8);
      m3 = _mm_sha256msg1_epu32(m3, m0); t = _mm_alignr_epi8(m2, m1, 4); m3 = _mm_add_epi32(m3, t); m3 = _mm_sha256msg2_epu32(m3, m2); ROUNDS4(s0,s1,m3,k+12);
    }
    s0 = _mm_add_epi32(s0, a0); s1 = _mm_add_epi32(s1, a1);
    p += 64;
  }
  st->s0 = s0; st->s1 = s1;
}

/* n blocks of each of two messages, their rounds interleaved so that both chains are in flight. */
static void blocks2(st_t *sa, const uint8_t *pa, st_t *sb, const uint8_t *pb, size_t n) {
  const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i x0 = sa->s0, x1 = sa->s1, y0 = sb->s0, y1 = sb->s1;
  while (n--) {
    __m128i ax0=x0, ax1=x1, ay0=y0, ay1=y1, m0,m1,m2,m3,q0,q1,q2,q3,t,u;
    m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pa)), MASK);
    m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pa+16)), MASK);
    m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pa+32)), MASK);
    m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pa+48)), MASK);
    q0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pb)), MASK);
    q1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pb+16)), MASK);
    q2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pb+32)), MASK);
    q3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(pb+48)), MASK);
    ROUNDS4(x0,x1,m0,0); ROUNDS4(y0,y1,q0,0); ROUNDS4(x0,x1,m1,4); ROUNDS4(y0,y1,q1,4);
    ROUNDS4(x0,x1,m2,8); ROUNDS4(y0,y1,q2,8); ROUNDS4(x0,x1,m3,12); ROUNDS4(y0,y1,q3,12);
    for (int k = 16; k < 64; k += 16) {
      m0 = _mm_sha256msg1_epu32(m0, m1); t = _mm_alignr_epi8(m3, m2, 4); m0 = _mm_add_epi32(m0, t); m0 = _mm_sha256msg2_epu32(m0, m3);
      q0 = _mm_sha256msg1_epu32(q0, q1); u = _mm_alignr_epi8(q3, q2, 4); q0 = _mm_add_epi32(q0, u); q0 = _mm_sha256msg2_epu32(q0, q3);
      ROUNDS4(x0,x1,m0,k); ROUNDS4(y0,y1,q0,k);
      m1 = _mm_sha256msg1_epu32(m1, m2); t = _mm_alignr_epi8(m0, m3, 4); m1 = _mm_add_epi32(m1, t); m1 = _mm_sha256msg2_epu32(m1, m0);
      q1 = _mm_sha256msg1_epu32(q1, q2); u = _mm_alignr_epi8(q0, q3, 4); q1 = _mm_add_epi32(q1, u); q1 = _mm_sha256msg2_epu32(q1, q0);
      ROUNDS4(x0,x1,m1,k+4); ROUNDS4(y0,y1,q1,k+4);
      m2 = _mm_sha256msg1_epu32(m2, m3); t = _mm_alignr_epi8(m1, m0, 4); m2 = _mm_add_epi32(m2, t); m2 = _mm_sha256msg2_epu32(m2, m1);
      q2 = _mm_sha256msg1_epu32(q2, q3); u = _mm_alignr_epi8(q1, q0, 4); q2 = _mm_add_epi32(q2, u); q2 = _mm_sha256msg2_epu32(q2, q1);
      ROUNDS4(x0,x1,m2,k+8); ROUNDS4(y0,y1,q2,k+8);
      m3 = _mm_sha256msg1_epu32(m3, m0); t = _mm_alignr_epi8(m2, m1, 4); m3 = _mm_add_epi32(m3, t); m3 = _mm_sha256msg2_epu32(m3, m2);
      q3 = _mm_sha256msg1_epu32(q3, q0); u = _mm_alignr_epi8(q2, q1, 4); q3 = _mm_add_epi32(q3, u); q3 = _mm_sha256msg2_epu32(q3, q2);
      ROUNDS4(x0,x1,m3,k+12); ROUNDS4(y0,y1,q3,k+12);
    }
    x0 = _mm_add_epi32(x0, ax0); x1 = _mm_add_epi32(x1, ax1); y0 = _mm_add_epi32(y0, ay0); y1 = _mm_add_epi32(y1, ay1);
    pa += 64; pb += 64;
  }
  sa->s0 = x0; sa->s1 = x1; sb->s0 = y0; sb->s1 = y1;
}

static const uint32_t IV[8] = {0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19};
static double now(){ struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t); return t.tv_sec+t.tv_nsec*1e-9; }

int main() {
  size_t N = 1<<20; uint8_t *a = malloc(N), *b = malloc(N);
  for (size_t i=0;i<N;i++){ a[i]=rand(); b[i]=rand(); }
  /* correctness: compare state after blocks with OpenSSL SHA256_Transform */
  SHA256_CTX c; SHA256_Init(&c); SHA256_Transform(&c, a); for(int i=1;i<16;i++) SHA256_Transform(&c, a+64*i);
  st_t s = load_state(IV); blocks1(&s, a, 16); uint32_t h[8]; store_state(s, h);
  printf("one message, checked against OpenSSL: %s\n", memcmp(h, c.h, 32)==0 ? "ok":"MISMATCH");
  st_t x = load_state(IV), y = load_state(IV); blocks2(&x, a, &y, b, 16); store_state(x,h);
  printf("two messages, the first: %s\n", memcmp(h, c.h, 32)==0 ? "ok":"MISMATCH");
  SHA256_Init(&c); for(int i=0;i<16;i++) SHA256_Transform(&c, b+64*i); store_state(y,h);
  printf("two messages, the second: %s\n", memcmp(h, c.h, 32)==0 ? "ok":"MISMATCH");
  int R = 400; double t0 = now();
  for (int r=0;r<R;r++){ st_t s1 = load_state(IV); blocks1(&s1, a, N/64); store_state(s1,h);} double t1=now();
  printf("SHA instructions, one message at a time: %.0f MB/s\n", R*N/(t1-t0)/1e6);
  t0=now(); for (int r=0;r<R/2;r++){ st_t s1 = load_state(IV), s2=load_state(IV); blocks2(&s1, a, &s2, b, N/64); store_state(s1,h);} t1=now();
  printf("SHA instructions, two messages interleaved: %.0f MB/s\n", R*N/(t1-t0)/1e6);
  t0=now(); for (int r=0;r<R;r++){ SHA256(a, N, (unsigned char*)h);} t1=now();
  printf("OpenSSL SHA256(), 1 MiB messages: %.0f MB/s\n", R*N/(t1-t0)/1e6);
}
