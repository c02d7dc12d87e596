# tools/gen/fit_atan.py — the atan polynomial of include/ndarr/simd/kernels_math_inl.h:
# atan(t) = t + t z P(z), z = t^2, |t| <= 7/16, P of degree 10 fitted by weighted least
# squares on Chebyshev nodes at 300 bits (mpmath); prints the coefficients and the fit error.
import mpmath as mp
mp.mp.prec = 300
T = mp.mpf(7)/16
Z = T*T
deg = 11  # P has coefficients C1..C11 (powers z^0..z^10)
N = 200
nodes = [Z*(1+mp.cos(mp.pi*(2*k+1)/(2*N)))/2 for k in range(N)]
def g(z):
    t = mp.sqrt(z)
    return (mp.atan(t)-t)/(t*z)
# weighted least squares: weight z (error relative to atan ~ t: t z dP / t = z dP)
A = mp.matrix(N, deg); b = mp.matrix(N, 1)
for i, z in enumerate(nodes):
    for j in range(deg):
        A[i, j] = z * z**j
    b[i] = z * g(z)
x = mp.lu_solve(A.T*A, A.T*b)
cs = [float(x[j]) for j in range(deg)]
for j, c in enumerate(cs): print('#define NDARR__M_ATAN_C%d %s' % (j+1, c.hex()))
# max relative error of t + t z P(z) with double coefficients
worst = 0
for k in range(1, 4001):
    t = T*k/4000
    z = t*t
    p = mp.mpf(0)
    for c in reversed(cs): p = p*z + mp.mpf(c)
    v = t + t*z*p
    worst = max(worst, abs(v/mp.atan(t)-1))
print('max rel err', float(worst), 'ulps', float(worst/mp.mpf(2)**-53))
