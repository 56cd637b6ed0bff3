"""Helper: print resident IDs with valid check digits and Luhn-valid card numbers to copy by hand into texts."""
import random
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
C='10X98765432'
def idcheck(s17): return C[sum(int(a)*b for a,b in zip(s17,W))%11]
def luhn_ok(s):
    t=0
    for i,ch in enumerate(reversed(s)):
        d=int(ch)
        if i%2==1:
            d*=2
            if d>9:d-=9
        t+=d
    return t%10==0
def luhn_fill(p):
    for d in '0123456789':
        if luhn_ok(p+d): return p+d
if __name__=='__main__':
    random.seed(20240611)
    areas=['110105','310115','440305','330106','510107','420111','320102','370202','610113','500103','350203','430104','210102','120104','410105','450103','530102','520102','360102','340104','130104','220102','230103','140105','620102','630102','640104','650102','540102','460105','150102','440106','441900','330203','320583']
    out=[]
    while len([x for x in out if x.endswith('X')])<8 or len(out)<48:
        a=random.choice(areas); y=random.randint(1955,2005); m=random.randint(1,12); d=random.randint(1,28)
        s=f"{a}{y}{m:02d}{d:02d}{random.randint(0,999):03d}"
        full=s+idcheck(s)
        if len(out)>=40 and not full.endswith('X'): continue
        out.append(full)
    print('IDS'); [print(x) for x in out]
    pre=['622202','622848','621700','622588','623062','621226','622262','625907','436742','622700','601382','622609','404119','524070','356889','622150','621483','628288']
    print('CARDS')
    for i in range(48):
        p=random.choice(pre); L=random.choice([16,19,19,16,18,17])
        body=p+''.join(random.choice('0123456789') for _ in range(L-len(p)-1))
        print(luhn_fill(body))
