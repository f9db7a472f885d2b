package names
import ("testing";"fmt")
func TestScratch(t *testing.T){
 for _, n := range []string{"Mohammed","Muhammad","Mohamed","Mohamad","Muhammed","Mohammad","Mahamed","Mahmoud","Ahmed","Ahmad","Akhmed","Yusuf","Youssef","Jusuf","Yousef","Usuf","Hussein","Husein","Hussain","Husain","Hosseini","Hassan","Abdullahi","Abdullah","Aleksandr","Alexander","Oleksandr","Olga","Olha","Ольга","Olli","Nguyen","Nguyễn","Mahamed","Fatima","Fatema","Fatma","Faadumo","Khalid","Khaled","Chalid","Yekaterina","Jekaterina","Ekaterina","Ali","Alice","Mohammde","Nguyn","Virtanen","Virtanan","Shevchenko","Ševtšenko","Sergei","Serhii","Sergej","Igor","Ihor","Maxamed","Omar","Omer","Thanh","Thang","Hoang","Giang","Huynh","Hung"} {
  fmt.Printf("%-12s %-12s %s\n", n, Fold(n), Skeleton(n))
 }
 fmt.Println(IndexKeys("Mohammed Abdullahi", "Al-Hassan", nil))
 q,_ := ParseQuery("Al Hassan Mohammde")
 fmt.Printf("%+v\n", q)
}
