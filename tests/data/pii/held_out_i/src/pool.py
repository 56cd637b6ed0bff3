import random
random.seed(20240917)
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
C="10X98765432"
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
    for d in "0123456789":
        if luhn_ok(p+d): return p+d
regions=["110105","310115","440106","330106","320102","510107","420111","610113","370202","350203","430104","210102","500103","120104","410105","340104","360102","450103","530102","620102","130602","140105","150102","230103","220104","460106","520102","640104","650102","440304","330205","320583","441900","371302","421002"]
ids=[];xs=[]
while len(ids)<60 or len(xs)<20:
    r=random.choice(regions); y=random.randint(1958,2004); m=random.randint(1,12); d=random.randint(1,28)
    s=f"{r}{y}{m:02d}{d:02d}{random.randint(0,999):03d}"
    c=idcheck(s)
    if c=="X":
        if len(xs)<20: xs.append(s+c)
    elif len(ids)<60: ids.append(s+c)
print("IDS"); print(" ".join(ids)); print("XIDS"); print(" ".join(xs))
bins=["622202","622848","621700","623668","622588","621483","622609","628288","625807","622700","603367","622262","621226","436742","524047","622155","621661","623052","622908","456351","518710","622260"]
cards=[]
for i in range(70):
    b=random.choice(bins); L=random.choice([16,16,19,19,19,17,18])
    p=b+"".join(random.choice("0123456789") for _ in range(L-len(b)-1))
    cards.append(luhn_fill(p))
print("CARDS"); print(" ".join(cards))
